//! Minimum-cost assignment of rows to distinct columns (the Hungarian method with potentials).
//!
//! The planner's matrices are tiny (at most 20 seats against the bank's questions of a loop), so
//! the O(rows² × columns) method is instant, and unlike a greedy pass it finds the true optimum.

/// For a `rows × columns` cost matrix with `rows <= columns`, the column given to each row such
/// that no column is used twice and the total cost is the smallest possible.
pub(crate) fn min_cost_assignment(costs: &[Vec<i64>]) -> Vec<usize> {
    let rows = costs.len();
    let columns = costs.first().map_or(0, Vec::len);
    debug_assert!(rows <= columns, "every row needs a column of its own");
    // 1-based potentials and matching; column 0 is the virtual start of each augmenting path.
    let mut row_potential = vec![0i64; rows + 1];
    let mut column_potential = vec![0i64; columns + 1];
    let mut row_of_column = vec![0usize; columns + 1];
    let mut previous_column = vec![0usize; columns + 1];
    for row in 1..=rows {
        row_of_column[0] = row;
        let mut column = 0;
        let mut slack = vec![i64::MAX; columns + 1];
        let mut done = vec![false; columns + 1];
        while row_of_column[column] != 0 {
            done[column] = true;
            let current_row = row_of_column[column];
            let (mut delta, mut next) = (i64::MAX, 0);
            for candidate in 1..=columns {
                if done[candidate] {
                    continue;
                }
                let reduced = costs[current_row - 1][candidate - 1]
                    - row_potential[current_row]
                    - column_potential[candidate];
                if reduced < slack[candidate] {
                    slack[candidate] = reduced;
                    previous_column[candidate] = column;
                }
                if slack[candidate] < delta {
                    delta = slack[candidate];
                    next = candidate;
                }
            }
            for candidate in 0..=columns {
                if done[candidate] {
                    row_potential[row_of_column[candidate]] += delta;
                    column_potential[candidate] -= delta;
                } else {
                    slack[candidate] = slack[candidate].saturating_sub(delta);
                }
            }
            column = next;
        }
        while column != 0 {
            let before = previous_column[column];
            row_of_column[column] = row_of_column[before];
            column = before;
        }
    }
    let mut column_of_row = vec![0usize; rows];
    for (column, &row) in row_of_column.iter().enumerate().skip(1) {
        if row != 0 {
            column_of_row[row - 1] = column - 1;
        }
    }
    column_of_row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cheapest_assignment_beats_the_greedy_one() {
        // Greedy row by row would take 1 then 100; the optimum is 2 + 2.
        let costs = vec![vec![1, 2], vec![2, 100]];
        assert_eq!(min_cost_assignment(&costs), vec![1, 0]);
    }

    #[test]
    fn extra_columns_stay_unused() {
        let costs = vec![vec![5, -3, 0], vec![-4, -2, 0]];
        assert_eq!(min_cost_assignment(&costs), vec![1, 0]);
    }

    #[test]
    fn no_rows_means_no_assignment() {
        assert!(min_cost_assignment(&[]).is_empty());
    }

    /// The cheapest total over every injective assignment, by brute force.
    fn brute_force_minimum(costs: &[Vec<i64>], row: usize, used: &mut Vec<bool>) -> i64 {
        if row == costs.len() {
            return 0;
        }
        let mut best = i64::MAX;
        for column in 0..used.len() {
            if !used[column] {
                used[column] = true;
                best = best.min(costs[row][column] + brute_force_minimum(costs, row + 1, used));
                used[column] = false;
            }
        }
        best
    }

    proptest::proptest! {
        #[test]
        fn the_assignment_is_injective_and_optimal(
            (rows, extra, cells) in (1usize..=4, 0usize..=3, proptest::collection::vec(-50i64..50, 49))
        ) {
            let columns = rows + extra;
            let costs: Vec<Vec<i64>> =
                (0..rows).map(|row| cells[row * 7..row * 7 + columns].to_vec()).collect();
            let assignment = min_cost_assignment(&costs);
            let mut distinct = assignment.clone();
            distinct.sort_unstable();
            distinct.dedup();
            proptest::prop_assert_eq!(distinct.len(), rows);
            let total: i64 = assignment.iter().enumerate().map(|(row, &column)| costs[row][column]).sum();
            proptest::prop_assert_eq!(total, brute_force_minimum(&costs, 0, &mut vec![false; columns]));
        }
    }
}
