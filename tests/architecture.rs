//! The import rules of docs/architecture.md, checked on the source tree.
//!
//! Two rules: (1) the top-level modules form layers and a module imports only from layers
//! below it (leaf utilities import nothing from the crate); (2) within a folder, no file
//! imports, directly or through others, a file that imports it back. Paths are read from the
//! code (comments and `#[cfg(test)]` modules left out), including `use` groups such as
//! `use super::{a::X, b}`; a name a folder's `mod.rs` re-exports counts as an import of the
//! file it comes from.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module's layer: a module may import only from modules of a lower layer.
const LAYERS: &[(&str, u8)] = &[
    ("format", 0),
    ("judgement", 0),
    ("output", 0),
    ("timing", 0),
    ("metrics", 1),
    ("error", 2),
    ("data", 3),
    ("scorecard", 4),
    ("simulate", 4),
    ("validate", 5),
    ("inspect", 5),
    ("fit", 6),
    ("init", 6),
    ("tune", 7),
    ("trend", 7),
    ("backtest", 8),
    ("present", 9),
    ("report", 10),
    ("cli", 11),
];

/// One source file: its module path (`["fit", "model", "logistic"]`) and its code.
struct Source {
    module: Vec<String>,
    is_mod_file: bool,
    code: String,
}

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn read_sources(dir: &Path, prefix: &[String], out: &mut Vec<Source>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            let mut sub = prefix.to_vec();
            sub.push(name);
            read_sources(&path, &sub, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let is_mod_file = name == "mod";
            let mut module = prefix.to_vec();
            if !is_mod_file && !(prefix.is_empty() && (name == "lib" || name == "main")) {
                module.push(name);
            }
            let text = fs::read_to_string(&path).expect("source is readable");
            out.push(Source {
                module,
                is_mod_file,
                code: code_only(&text),
            });
        }
    }
}

/// The text without comments and without the `#[cfg(test)]` module at its end.
fn code_only(text: &str) -> String {
    let mut code = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let line = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// Every path that starts at `crate::` or `super::`, with `use` groups expanded.
fn paths(code: &str) -> Vec<Vec<String>> {
    let bytes: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_token = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        for root in ["crate::", "super::"] {
            let root_chars: Vec<char> = root.chars().collect();
            if starts_token && bytes[i..].starts_with(&root_chars) {
                let head = root.trim_end_matches("::").to_string();
                let mut end = i + root_chars.len();
                parse_tree(&bytes, &mut end, vec![head], &mut found);
                i = end;
                break;
            }
        }
        i += 1;
    }
    found
}

/// Parses a use-tree at `at` after the segments in `prefix`, pushing every full path.
fn parse_tree(text: &[char], at: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    loop {
        skip_space(text, at);
        if *at < text.len() && text[*at] == '{' {
            *at += 1;
            loop {
                skip_space(text, at);
                if *at >= text.len() || text[*at] == '}' {
                    *at += 1;
                    return;
                }
                parse_tree(text, at, path.clone(), out);
                skip_space(text, at);
                if *at < text.len() && text[*at] == ',' {
                    *at += 1;
                }
            }
        }
        let start = *at;
        while *at < text.len() && (text[*at].is_alphanumeric() || text[*at] == '_') {
            *at += 1;
        }
        if start == *at {
            out.push(path);
            return;
        }
        path.push(text[start..*at].iter().collect());
        if text[*at..].starts_with(&[':', ':']) {
            *at += 2;
        } else {
            out.push(path);
            return;
        }
    }
}

fn skip_space(text: &[char], at: &mut usize) {
    while *at < text.len() && text[*at].is_whitespace() {
        *at += 1;
    }
}

/// `path` (starting at `crate` or `super`) made absolute, for a file of module `module`.
fn absolute(path: &[String], module: &[String]) -> Vec<String> {
    if path.first().is_some_and(|s| s == "crate") {
        return path[1..].to_vec();
    }
    let supers = path.iter().take_while(|s| *s == "super").count();
    let mut base = module[..module.len().saturating_sub(supers)].to_vec();
    base.extend(path[supers..].iter().cloned());
    base
}

/// The paths a `mod.rs` re-exports (`pub use child::{A, B}`), relative to its folder.
fn reexports(code: &str) -> Vec<Vec<String>> {
    let text: Vec<char> = code.chars().collect();
    let marker: Vec<char> = "pub use ".chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(&marker) {
            let mut at = i + marker.len();
            parse_tree(&text, &mut at, Vec::new(), &mut found);
            i = at;
        }
        i += 1;
    }
    found
}

fn sources() -> Vec<Source> {
    let mut all = Vec::new();
    read_sources(&source_root(), &[], &mut all);
    all
}

#[test]
fn modules_import_only_from_the_layers_below() {
    let layer: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut violations = Vec::new();
    for source in sources() {
        let Some(own) = source.module.first() else {
            continue;
        };
        let own_layer = *layer.get(own.as_str()).unwrap_or_else(|| {
            panic!("module '{own}' has no layer in tests/architecture.rs and docs/architecture.md")
        });
        for path in paths(&source.code) {
            let target = absolute(&path, &source.module);
            let Some(other) = target.first() else { continue };
            if other == own {
                continue;
            }
            match layer.get(other.as_str()) {
                Some(&other_layer) if other_layer < own_layer => {}
                Some(_) => violations.push(format!(
                    "{} imports {}",
                    source.module.join("::"),
                    target.join("::")
                )),
                None => {}
            }
        }
    }
    assert!(
        violations.is_empty(),
        "imports that run up or across a layer:\n{}",
        violations.join("\n")
    );
}

#[test]
fn metrics_imports_nothing_from_the_crate_and_nothing_imports_cli() {
    for source in sources() {
        let own = source.module.first().cloned().unwrap_or_default();
        for path in paths(&source.code) {
            let target = absolute(&path, &source.module);
            let other = target.first().cloned().unwrap_or_default();
            if own == "metrics" {
                assert_eq!(
                    other,
                    "metrics",
                    "metrics file {} imports {}",
                    source.module.join("::"),
                    target.join("::")
                );
            }
            if own != "cli" && !source.module.is_empty() {
                assert_ne!(other, "cli", "{} imports the CLI", source.module.join("::"));
            }
        }
    }
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let all = sources();
    // a folder's re-exports: (folder, name) -> the child module it comes from
    let mut reexports_of: BTreeMap<(Vec<String>, String), String> = BTreeMap::new();
    for source in all.iter().filter(|s| s.is_mod_file) {
        for path in reexports(&source.code) {
            if path.len() >= 2 && path[0] != "crate" && path[0] != "super" && path[0] != "self" {
                reexports_of.insert(
                    (source.module.clone(), path[path.len() - 1].clone()),
                    path[0].clone(),
                );
            }
        }
    }
    let files: BTreeSet<Vec<String>> = all
        .iter()
        .filter(|s| !s.is_mod_file)
        .map(|s| s.module.clone())
        .collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for source in all.iter().filter(|s| !s.is_mod_file && s.module.len() >= 2) {
        let folder = &source.module[..source.module.len() - 1];
        for path in paths(&source.code) {
            let target = absolute(&path, &source.module);
            if target.len() <= folder.len() || target[..folder.len()] != *folder {
                continue;
            }
            let next = &target[folder.len()];
            let mut sibling = folder.to_vec();
            match reexports_of.get(&(folder.to_vec(), next.clone())) {
                Some(child) if !files.contains(&[folder, std::slice::from_ref(next)].concat()) => {
                    sibling.push(child.clone())
                }
                _ => sibling.push(next.clone()),
            }
            if sibling != source.module && files.contains(&sibling) {
                edges.entry(source.module.clone()).or_default().insert(sibling);
            }
        }
    }
    let mut loops = Vec::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.join("::")])];
        let mut seen = BTreeSet::new();
        while let Some((node, trail)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    loops.push(format!("{} -> {}", trail.join(" -> "), start.join("::")));
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.join("::"));
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(
        loops.is_empty(),
        "import loops between files:\n{}",
        loops.join("\n")
    );
}

#[test]
fn the_path_reader_expands_use_groups() {
    let found = paths("use super::{newton::newton_start, FitError};\nlet x = crate::metrics::auc(&s);");
    assert_eq!(
        found,
        vec![
            vec!["super".to_string(), "newton".into(), "newton_start".into()],
            vec!["super".to_string(), "FitError".into()],
            vec!["crate".to_string(), "metrics".into(), "auc".into()],
        ]
    );
    let module = vec!["fit".to_string(), "model".into(), "logistic".into()];
    assert_eq!(
        absolute(&found[0], &module),
        vec!["fit", "model", "newton", "newton_start"]
    );
    assert_eq!(absolute(&found[2], &module), vec!["metrics", "auc"]);
}
