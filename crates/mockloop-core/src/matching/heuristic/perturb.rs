//! Iterated local search for small pools. Once no window improves, a kick forces a random
//! feasible group into the partition (breaking up the groups its members were in), locks it so
//! the search cannot simply undo it, lets the search repair the damage around it, then unlocks it
//! and lets the search finish. The result is kept when it beats the best so far, else the best is
//! restored. Changes that touch more groups than a window holds are found this way.

use super::super::generate::SplitMix;
use super::super::score::group_value;
use super::improve::{Search, MIN_GAIN};
use super::{State, NONE};

/// Runs `kicks` kicks from the local optimum in `state`, leaving the best partition seen.
pub(super) fn kick_and_improve(search: &mut Search<'_>, state: &mut State, rng: &mut SplitMix, kicks: usize) {
    if kicks == 0 {
        return;
    }
    let groups = feasible_groups(search);
    if groups.is_empty() {
        return;
    }
    let mut best = state.clone();
    let mut best_total = state.total();
    for _ in 0..kicks {
        let forced = &groups[rng.below(groups.len() as u64) as usize];
        let id = state.group_of[forced[0]];
        if id != NONE
            && forced.iter().all(|&member| state.group_of[member] == id)
            && state.groups[id as usize].len() == forced.len()
        {
            continue;
        }
        let mut moved = forced.clone();
        for &member in forced {
            if state.group_of[member] != NONE {
                moved.extend(state.dissolve(state.group_of[member] as usize));
            }
        }
        let score = group_value(search.entrants(), forced).unwrap_or(0.0);
        state.add(forced.clone(), score);
        state.locked = state.group_of[forced[0]];
        search.improve_near(state, &moved);
        state.locked = NONE;
        search.improve_near(state, &moved);
        let total = state.total();
        if total > best_total + MIN_GAIN {
            best = state.clone();
            best_total = total;
        } else {
            state.clone_from(&best);
        }
    }
}

/// Every feasible pair and triple among candidates.
fn feasible_groups(search: &Search<'_>) -> Vec<Vec<usize>> {
    let (entrants, candidates) = (search.entrants(), search.candidates());
    let mut groups = Vec::new();
    for (a, list) in candidates.iter().enumerate() {
        for (i, &b) in list.iter().enumerate().filter(|&(_, &b)| b as usize > a) {
            let b = b as usize;
            if group_value(entrants, &[a, b]).is_some() {
                groups.push(vec![a, b]);
            }
            for &c in list[i + 1..].iter().filter(|&&c| c as usize > a) {
                let mut group = vec![a, b, c as usize];
                group.sort_unstable();
                if group_value(entrants, &group).is_some() {
                    groups.push(group);
                }
            }
        }
    }
    groups
}
