//! Typo suggestions: the edit distance behind "did you mean" in config keys and zone names.

/// The Levenshtein distance between `a` and `b`, in characters (insertions, deletions and
/// substitutions each cost 1).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    /// Textbook values: kitten → sitting is 3 (two substitutions, one insertion); a string from
    /// the empty one is its length; equal strings are 0.
    #[test]
    fn textbook_distances() {
        assert_eq!(super::edit_distance("kitten", "sitting"), 3);
        assert_eq!(super::edit_distance("", "abc"), 3);
        assert_eq!(super::edit_distance("Europe/London", "Europe/London"), 0);
    }
}
