//! Reading a scorecard file and checking it: raw TOML → a [`Scorecard`] whose rules hold.
//!
//! This module checks the scorecard as a whole and its profiles and groups; [`bands`] and
//! [`measures`] check those tables, and [`wording`] puts TOML type errors in an analyst's
//! words.

mod bands;
mod measures;
mod wording;

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::raw::{RawGroup, RawMeasure, RawScorecard};
use super::{
    Group, Location, Measure, Problem, Profile, ProfileSelector, Scorecard, ScorecardError, MAX_PROFILES,
};

/// Reads and validates a scorecard file.
pub fn load_scorecard(path: &Path) -> Result<Scorecard, ScorecardError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScorecardError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut scorecard = parse_scorecard(&text, path)?;
    scorecard.source = Some(path.to_path_buf());
    Ok(scorecard)
}

/// Parses and validates scorecard TOML; `path` is only used in error messages.
pub fn parse_scorecard(text: &str, path: &Path) -> Result<Scorecard, ScorecardError> {
    let checker = Checker {
        text,
        path: path.to_path_buf(),
    };
    let raw: RawScorecard = toml::from_str(text).map_err(|err| ScorecardError::Syntax {
        location: checker.location(err.span()),
        message: wording::in_words(text, err.span(), err.message()),
    })?;
    checker.scorecard(raw)
}

/// Checking state: the source text, to turn byte spans into line and column.
struct Checker<'a> {
    text: &'a str,
    path: PathBuf,
}

type Checked<T> = Result<T, ScorecardError>;

impl Checker<'_> {
    fn location(&self, span: Option<Range<usize>>) -> Location {
        let line_column = span.map(|span| {
            let before = &self.text[..span.start.min(self.text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            (line, column)
        });
        Location {
            path: self.path.clone(),
            line_column,
        }
    }

    fn fail<T>(&self, span: Option<Range<usize>>, problem: Problem) -> Checked<T> {
        Err(ScorecardError::Invalid {
            location: self.location(span),
            problem,
        })
    }

    fn scorecard(&self, raw: RawScorecard) -> Checked<Scorecard> {
        if raw.name.trim().is_empty() {
            return self.fail(
                None,
                Problem::EmptyName {
                    what: "the scorecard",
                },
            );
        }
        let bands = self.bands(raw.bands)?;
        let count = raw.profiles.len() + 1;
        if let Some(first_over) = raw.profiles.get(MAX_PROFILES - 1) {
            let limit = MAX_PROFILES;
            return self.fail(Some(first_over.span()), Problem::TooManyProfiles { count, limit });
        }
        let default_name = raw.default_profile.unwrap_or_else(|| "default".to_string());
        let mut profiles = vec![self.profile(default_name, None, raw.groups, raw.measures, None)?];
        for spanned in raw.profiles {
            let span = spanned.span();
            let raw_profile = spanned.into_inner();
            if raw_profile.values.is_empty() {
                let profile = raw_profile.name;
                return self.fail(Some(span), Problem::NoProfileValues { profile });
            }
            let selector = ProfileSelector {
                column: raw_profile.column,
                values: raw_profile.values.iter().map(|v| v.trim().to_string()).collect(),
            };
            let profile = self.profile(
                raw_profile.name,
                Some(selector),
                raw_profile.groups,
                raw_profile.measures,
                Some(span.clone()),
            )?;
            if profiles.iter().any(|p| p.name == profile.name) {
                let name = profile.name;
                return self.fail(
                    Some(span),
                    Problem::DuplicateName {
                        kind: "profile",
                        name,
                    },
                );
            }
            profiles.push(profile);
        }
        Ok(Scorecard {
            name: raw.name,
            description: raw.description,
            bands,
            profiles,
            source: None,
        })
    }

    fn profile(
        &self,
        name: String,
        selector: Option<ProfileSelector>,
        raw_groups: Vec<Spanned<RawGroup>>,
        raw_measures: Vec<Spanned<RawMeasure>>,
        span: Option<Range<usize>>,
    ) -> Checked<Profile> {
        if raw_measures.is_empty() {
            return self.fail(span, Problem::NoMeasures { profile: name });
        }
        let groups = self.groups(raw_groups)?;
        let mut measures: Vec<Measure> = Vec::with_capacity(raw_measures.len());
        for spanned in raw_measures {
            let span = Some(spanned.span());
            let measure = self.measure(spanned.into_inner(), &groups, span.clone())?;
            if measures.iter().any(|m| m.name == measure.name) {
                let name = measure.name;
                return self.fail(
                    span,
                    Problem::DuplicateName {
                        kind: "measure",
                        name,
                    },
                );
            }
            measures.push(measure);
        }
        Ok(Profile {
            name,
            selector,
            groups,
            measures,
        })
    }

    fn groups(&self, raw: Vec<Spanned<RawGroup>>) -> Checked<Vec<Group>> {
        let mut groups: Vec<Group> = Vec::with_capacity(raw.len());
        for spanned in raw {
            let span = Some(spanned.span());
            let group = spanned.into_inner();
            let what = format!("group '{}'", group.name);
            self.positive_weight(what, group.weight, span.clone())?;
            if groups.iter().any(|g| g.name == group.name) {
                let name = group.name;
                return self.fail(span, Problem::DuplicateName { kind: "group", name });
            }
            groups.push(Group {
                name: group.name,
                weight: group.weight,
            });
        }
        Ok(groups)
    }

    fn positive_weight(&self, what: String, weight: f64, span: Option<Range<usize>>) -> Checked<()> {
        if weight.is_finite() && weight > 0.0 {
            Ok(())
        } else {
            self.fail(span, Problem::NonPositiveWeight { what, weight })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A card with a default profile (lines 1–8) and `extra` segment profiles, each eleven
    /// lines from line 9 on.
    fn with_profiles(extra: usize) -> String {
        let measure = "name = \"m\"\ncolumn = \"c\"\nweight = 1\n";
        let scoring = "method = \"percentile\"\ndirection = \"higher_is_better\"\n";
        let mut text = format!("name = \"t\"\n[[measures]]\n{measure}[measures.scoring]\n{scoring}");
        for profile in 1..=extra {
            text.push_str(&format!(
                "[[profiles]]\nname = \"p{profile}\"\ncolumn = \"stage\"\nvalues = [\"s{profile}\"]\n\
                 [[profiles.measures]]\n{measure}[profiles.measures.scoring]\n{scoring}"
            ));
        }
        text
    }

    #[test]
    fn more_than_255_profiles_with_the_default_are_refused_at_the_first_over() {
        let err = parse_scorecard(&with_profiles(255), Path::new("card.toml")).unwrap_err();
        assert!(
            matches!(
                err,
                ScorecardError::Invalid {
                    problem: Problem::TooManyProfiles {
                        count: 256,
                        limit: 255
                    },
                    ..
                }
            ),
            "{err:?}"
        );
        // the 255th [[profiles]] table starts at line 9 + 11 × 254
        assert_eq!(
            err.to_string(),
            "card.toml:2803:1: 256 profiles (the default included), but a scorecard may have at most 255"
        );
    }

    #[test]
    fn profiles_up_to_255_with_the_default_are_allowed() {
        let card = parse_scorecard(&with_profiles(254), Path::new("card.toml")).unwrap();
        assert_eq!(card.profiles.len(), MAX_PROFILES);
        assert_eq!(card.profiles[254].name, "p254");
    }
}
