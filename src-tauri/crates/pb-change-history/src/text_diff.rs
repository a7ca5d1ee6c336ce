//! A side-by-side line diff of two texts (two versions of a connector).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use similar::{DiffTag, TextDiff};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowKind {
    Same,
    Changed,
    Removed,
    Added,
}

/// One line of one side, numbered from 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SideLine {
    pub number: u32,
    pub text: String,
}

/// One row of the side-by-side view: the old line left, the new line right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DiffRow {
    pub kind: RowKind,
    #[ts(optional)]
    pub left: Option<SideLine>,
    #[ts(optional)]
    pub right: Option<SideLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SideBySide {
    pub rows: Vec<DiffRow>,
    /// Lines only on the right (added, or the new side of a changed line).
    pub added: u32,
    /// Lines only on the left.
    pub removed: u32,
}

/// How long the diff may search for the smallest edit; past it the result is still
/// a correct diff, only a coarser one. Connector texts are bounded in size already.
const DEADLINE: Duration = Duration::from_millis(500);

fn line(text: &str, index: usize) -> SideLine {
    SideLine {
        number: index as u32 + 1,
        text: text.trim_end_matches(['\n', '\r']).to_owned(),
    }
}

/// Never out of range, even should the diff tokenize a line ending differently.
fn at<'a>(lines: &[&'a str], index: usize) -> &'a str {
    lines.get(index).copied().unwrap_or_default()
}

/// `old` on the left, `new` on the right. Replaced lines are paired row by row so a
/// changed value stays on one row; the rest of a replaced block is removed or added.
pub fn side_by_side(old: &str, new: &str) -> SideBySide {
    let diff = TextDiff::configure().timeout(DEADLINE).diff_lines(old, new);
    // The same tokens the line diff indexes into: lines with their endings.
    let left: Vec<&str> = old.split_inclusive('\n').collect();
    let right: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = SideBySide {
        rows: Vec::new(),
        added: 0,
        removed: 0,
    };
    for op in diff.ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let pairs = match tag {
            DiffTag::Equal | DiffTag::Replace => old_range.len().max(new_range.len()),
            DiffTag::Delete => old_range.len(),
            DiffTag::Insert => new_range.len(),
        };
        for k in 0..pairs {
            let l = (tag != DiffTag::Insert && k < old_range.len())
                .then(|| line(at(&left, old_range.start + k), old_range.start + k));
            let r = (tag != DiffTag::Delete && k < new_range.len())
                .then(|| line(at(&right, new_range.start + k), new_range.start + k));
            let kind = match (tag, &l, &r) {
                (DiffTag::Equal, _, _) => RowKind::Same,
                (_, Some(_), Some(_)) => RowKind::Changed,
                (_, Some(_), None) => RowKind::Removed,
                _ => RowKind::Added,
            };
            if kind != RowKind::Same {
                out.added += u32::from(r.is_some());
                out.removed += u32::from(l.is_some());
            }
            out.rows.push(DiffRow {
                kind,
                left: l,
                right: r,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(d: &SideBySide) -> Vec<RowKind> {
        d.rows.iter().map(|r| r.kind).collect()
    }

    #[test]
    fn a_changed_line_stays_on_one_row_with_both_numbers() {
        let old = "kind: http\nbase: /a\ncheck:\n  path: /health\n";
        let new = "kind: http\nbase: /b\ncheck:\n  path: /health\n";
        let d = side_by_side(old, new);
        assert_eq!(
            kinds(&d),
            [
                RowKind::Same,
                RowKind::Changed,
                RowKind::Same,
                RowKind::Same
            ]
        );
        let row = &d.rows[1];
        assert_eq!(row.left.as_ref().unwrap().text, "base: /a");
        assert_eq!(row.right.as_ref().unwrap().text, "base: /b");
        assert_eq!(row.right.as_ref().unwrap().number, 2);
        assert_eq!((d.added, d.removed), (1, 1));
    }

    #[test]
    fn added_and_removed_lines_have_one_side() {
        let d = side_by_side("a\nb\nc\n", "a\nc\nd\ne\n");
        assert_eq!(
            kinds(&d),
            [
                RowKind::Same,
                RowKind::Removed,
                RowKind::Same,
                RowKind::Added,
                RowKind::Added
            ]
        );
        assert!(d.rows[1].right.is_none() && d.rows[3].left.is_none());
        assert_eq!(d.rows[4].right.as_ref().unwrap().number, 4);
        assert_eq!((d.added, d.removed), (2, 1));
    }

    #[test]
    fn identical_texts_and_empty_sides() {
        let same = side_by_side("x\ny", "x\ny");
        assert_eq!((same.added, same.removed), (0, 0));
        assert_eq!(same.rows.len(), 2);
        let created = side_by_side("", "a\nb\n");
        assert_eq!(kinds(&created), [RowKind::Added, RowKind::Added]);
    }
}
