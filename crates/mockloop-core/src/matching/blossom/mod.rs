//! The exact reference for pairs: a maximum-weight matching in a general graph (not necessarily
//! of maximum cardinality), by Edmonds' blossom algorithm (the `edmonds` module). Written here
//! rather than taken from crates.io: the maintained general-graph implementation there
//! (rustworkx-core) brings petgraph, rayon, hashbrown and more into this dependency-free core,
//! and the small ones are unmaintained, limited to `i32` weights, or take a dense n x n matrix.
//!
//! Scores are `f64`; the algorithm runs on integers (see [`SCALE`]) so that no rounding can make
//! it loop or stop early.

mod edmonds;

use super::score::{group_value, Entrant};

/// Integer weight units per score point. Rounding each edge moves a matching's total by at most
/// half a unit per edge, so the matching returned is within `people / SCALE` of the true
/// optimum: far below what the benchmark prints.
pub const SCALE: f64 = 1e9;

/// A maximum-weight matching of `vertices` vertices given weighted edges `(i, j, weight)`
/// (`i != j`, at most one edge per pair, weights non-negative and finite): each vertex's
/// partner, or `None`. Edges of weight zero or less are never needed and are left out.
/// O(vertices^3) in the worst case, much less on sparse graphs.
pub fn max_weight_matching(vertices: usize, edges: &[(usize, usize, f64)]) -> Vec<Option<usize>> {
    let scaled: Vec<(usize, usize, i64)> = edges
        .iter()
        .filter(|&&(i, j, weight)| i != j && i < vertices && j < vertices && weight > 0.0)
        .map(|&(i, j, weight)| (i, j, (weight * SCALE).round() as i64))
        .collect();
    edmonds::Matcher::new(vertices, scaled).solve()
}

/// The best total when groups are pairs only, and the pairs: the exact optimum of a pool where
/// nobody accepts three, and the reference for such pools at any size. Every feasible pair is an
/// edge (O(n^2) checks, most refused on track or level before any time arithmetic).
pub fn pairs_optimum(entrants: &[Entrant]) -> (f64, Vec<Vec<usize>>) {
    let mut edges = Vec::new();
    for a in 0..entrants.len() {
        for b in a + 1..entrants.len() {
            if let Some(score) = group_value(entrants, &[a, b]) {
                edges.push((a, b, score));
            }
        }
    }
    let mates = max_weight_matching(entrants.len(), &edges);
    let pairs: Vec<Vec<usize>> = mates
        .iter()
        .enumerate()
        .filter_map(|(a, &mate)| mate.filter(|&b| a < b).map(|b| vec![a, b]))
        .collect();
    let total = pairs.iter().filter_map(|pair| group_value(entrants, pair)).sum();
    (total, pairs)
}

#[cfg(test)]
mod tests;
