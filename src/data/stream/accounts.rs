//! Account ids numbered in order of first appearance: a history read in slices keeps one
//! small number per row instead of its id text.

use std::collections::HashMap;

/// Account numbers in order of first appearance, and how many accounts there are.
pub fn account_numbers<'a>(ids: impl Iterator<Item = &'a str>) -> (Vec<u32>, usize) {
    let mut numbers = AccountNumbers::default();
    let of_row = ids.map(|id| numbers.number(id)).collect();
    (of_row, numbers.len())
}

/// Account ids numbered in order of first appearance, as they come (a file may be read in
/// slices), keeping each id once.
#[derive(Debug, Default)]
pub struct AccountNumbers {
    numbers: HashMap<Box<str>, u32>,
}

impl AccountNumbers {
    /// The number of account `id`: a new one for an id not seen before.
    pub fn number(&mut self, id: &str) -> u32 {
        if let Some(&number) = self.numbers.get(id) {
            return number;
        }
        let next = self.numbers.len() as u32;
        self.numbers.insert(id.into(), next);
        next
    }

    /// Number of accounts.
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    /// Whether no id has been numbered.
    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    /// Every id, by account number.
    pub fn into_ids(self) -> Vec<Box<str>> {
        let mut ids: Vec<Box<str>> = vec![Box::from(""); self.numbers.len()];
        for (id, number) in self.numbers {
            ids[number as usize] = id;
        }
        ids
    }
}
