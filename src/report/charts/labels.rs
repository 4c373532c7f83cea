//! How names fit on a chart: row names cut to a label area, category names at the middle
//! of their slot, and text cut with "…" to the room it has.

/// The row names of a horizontal bar chart, cut to `max_chars` (ending in "…"), and the
/// width of the label area they need (in pixels before scaling).
pub fn row_names<'a>(names: impl Iterator<Item = &'a str>, max_chars: usize) -> (Vec<String>, f64) {
    let names: Vec<String> = names
        .map(|name| {
            if name.chars().count() > max_chars {
                format!("{}…", name.chars().take(max_chars - 1).collect::<String>())
            } else {
                name.to_string()
            }
        })
        .collect();
    let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(8);
    (names, longest.min(max_chars) as f64 * 7.5 + 16.0)
}

/// In which direction named categories follow each other along their axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The first name at the left (bars along the x axis).
    LeftToRight,
    /// The first name at the top (rows of a horizontal bar chart on the y axis).
    TopToBottom,
}

/// The label at `value` of an axis of named categories, category `i` spanning the unit
/// slot `[i, i + 1)` counted in `order`: the name at the middle of its slot, nothing
/// elsewhere.
pub fn category_label(names: &[String], order: Order, value: f64) -> String {
    let slot = value.floor() as usize;
    if ((value - value.floor()) - 0.5).abs() < 1e-6 && slot < names.len() {
        match order {
            Order::LeftToRight => names[slot].clone(),
            Order::TopToBottom => names[names.len() - 1 - slot].clone(),
        }
    } else {
        String::new()
    }
}

/// `text`, or its longest beginning that ends in "…" and is at most `room` wide as
/// `width` measures it ("…" alone when nothing fits).
pub fn fit_width(text: &str, room: f64, width: impl Fn(&str) -> f64) -> String {
    if width(text) <= room {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    (1..chars.len())
        .rev()
        .map(|n| format!("{}…", chars[..n].iter().collect::<String>().trim_end()))
        .find(|cut| width(cut) <= room)
        .unwrap_or_else(|| "…".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["first".to_string(), "second".to_string()]
    }

    #[test]
    fn categories_are_named_at_the_middle_of_their_slot_only() {
        assert_eq!(category_label(&names(), Order::LeftToRight, 0.5), "first");
        assert_eq!(category_label(&names(), Order::LeftToRight, 1.5), "second");
        assert_eq!(category_label(&names(), Order::LeftToRight, 1.0), "");
        assert_eq!(category_label(&names(), Order::LeftToRight, 2.5), "");
    }

    #[test]
    fn rows_count_from_the_top() {
        assert_eq!(category_label(&names(), Order::TopToBottom, 1.5), "first");
        assert_eq!(category_label(&names(), Order::TopToBottom, 0.5), "second");
    }

    #[test]
    fn text_under_the_axis_is_cut_to_its_room() {
        let width = |t: &str| t.chars().count() as f64 * 7.0;
        assert_eq!(fit_width("red", 70.0, width), "red");
        assert_eq!(fit_width("a very long band", 70.0, width), "a very lo…");
        assert_eq!(fit_width("wide", 1.0, width), "…");
    }

    #[test]
    fn long_row_names_are_cut_with_an_ellipsis() {
        let (names, width) = row_names(["a very long measure name"].into_iter(), 10);
        assert_eq!(names, vec!["a very lo…".to_string()]);
        assert_eq!(width, 10.0 * 7.5 + 16.0);
    }
}
