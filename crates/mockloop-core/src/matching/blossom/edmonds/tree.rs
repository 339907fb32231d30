//! The alternating trees: labelling, finding and shrinking blossoms, expanding them, and
//! augmenting the matching along a path found.

use super::{Matcher, BREADCRUMB, FREE, NONE, S, T};

impl Matcher {
    /// Labels the top-level blossom of `w` (reached through endpoint `p`) S or T; a T-blossom's
    /// mate becomes S in turn. S-vertices are queued for scanning.
    pub(super) fn assign_label(&mut self, w: usize, label: u8, p: usize) {
        let mut next = Some((w, label, p));
        while let Some((w, label, p)) = next.take() {
            let b = self.in_blossom[w];
            self.label[w] = label;
            self.label[b] = label;
            self.label_end[w] = p;
            self.label_end[b] = p;
            self.best_edge[w] = NONE;
            self.best_edge[b] = NONE;
            if label == S {
                let mut leaves = std::mem::take(&mut self.queue);
                self.leaves(b, &mut leaves);
                self.queue = leaves;
            } else {
                let mate = self.mate[self.base[b]];
                next = Some((self.endpoint[mate], S, mate ^ 1));
            }
        }
    }

    /// Walks up the trees from `v` and `w` at once; returns the base of the blossom their paths
    /// close, or [`NONE`] when they reach two different roots (an augmenting path).
    pub(super) fn scan_blossom(&mut self, v: usize, w: usize) -> usize {
        let mut path = Vec::new();
        let (mut v, mut w) = (v, w);
        let mut base = NONE;
        while v != NONE || w != NONE {
            let mut b = self.in_blossom[v];
            if self.label[b] & 4 != 0 {
                base = self.base[b];
                break;
            }
            path.push(b);
            self.label[b] = BREADCRUMB;
            if self.label_end[b] == NONE {
                v = NONE;
            } else {
                v = self.endpoint[self.label_end[b]];
                b = self.in_blossom[v];
                v = self.endpoint[self.label_end[b]];
            }
            if w != NONE {
                std::mem::swap(&mut v, &mut w);
            }
        }
        for b in path {
            self.label[b] = S;
        }
        base
    }

    /// Shrinks the cycle closed by edge `k` through `base` into a new S-blossom.
    pub(super) fn add_blossom(&mut self, base: usize, k: usize) {
        let (v, w, _) = self.edges[k];
        let bb = self.in_blossom[base];
        let (mut bv, mut bw) = (self.in_blossom[v], self.in_blossom[w]);
        let Some(b) = self.unused.pop() else { return };
        self.base[b] = base;
        self.parent[b] = NONE;
        self.parent[bb] = b;
        let (mut path, mut ends) = (Vec::new(), Vec::new());
        while bv != bb {
            self.parent[bv] = b;
            path.push(bv);
            ends.push(self.label_end[bv]);
            bv = self.in_blossom[self.endpoint[self.label_end[bv]]];
        }
        path.push(bb);
        path.reverse();
        ends.reverse();
        ends.push(2 * k);
        while bw != bb {
            self.parent[bw] = b;
            path.push(bw);
            ends.push(self.label_end[bw] ^ 1);
            bw = self.in_blossom[self.endpoint[self.label_end[bw]]];
        }
        self.children[b] = path;
        self.endpoints[b] = ends;
        self.label[b] = S;
        self.label_end[b] = self.label_end[bb];
        self.dual[b] = 0;
        for leaf in self.leaves_of(b) {
            if self.label[self.in_blossom[leaf]] == T {
                self.queue.push(leaf);
            }
            self.in_blossom[leaf] = b;
        }
        self.merge_best_edges(b);
    }

    /// The new blossom `b`'s least-slack edges to each other S-blossom, from its children's.
    fn merge_best_edges(&mut self, b: usize) {
        let mut best_to: Vec<usize> = vec![NONE; 2 * self.vertices];
        for child in self.children[b].clone() {
            let lists: Vec<Vec<usize>> = match self.best_edges[child].take() {
                Some(list) => vec![list],
                None => self
                    .leaves_of(child)
                    .iter()
                    .map(|&v| self.neighbours[v].iter().map(|p| p / 2).collect())
                    .collect(),
            };
            for k in lists.into_iter().flatten() {
                let (mut i, mut j, _) = self.edges[k];
                if self.in_blossom[j] == b {
                    std::mem::swap(&mut i, &mut j);
                }
                let bj = self.in_blossom[j];
                if bj != b
                    && self.label[bj] == S
                    && (best_to[bj] == NONE || self.slack(k) < self.slack(best_to[bj]))
                {
                    best_to[bj] = k;
                }
            }
            self.best_edge[child] = NONE;
        }
        let list: Vec<usize> = best_to.into_iter().filter(|&k| k != NONE).collect();
        self.best_edge[b] = NONE;
        for &k in &list {
            if self.best_edge[b] == NONE || self.slack(k) < self.slack(self.best_edge[b]) {
                self.best_edge[b] = k;
            }
        }
        self.best_edges[b] = Some(list);
    }

    /// Dissolves blossom `b` into its children; mid-stage (a T-blossom whose dual reached zero)
    /// relabels the children along the path through it, at the end of a stage recursively
    /// expands children whose dual is zero.
    pub(super) fn expand(&mut self, b: usize, end_of_stage: bool) {
        for child in self.children[b].clone() {
            self.parent[child] = NONE;
            if child < self.vertices {
                self.in_blossom[child] = child;
            } else if end_of_stage && self.dual[child] == 0 {
                self.expand(child, end_of_stage);
            } else {
                for leaf in self.leaves_of(child) {
                    self.in_blossom[leaf] = child;
                }
            }
        }
        if !end_of_stage && self.label[b] == T {
            self.relabel_expanded(b);
        }
        self.label[b] = FREE;
        self.label_end[b] = NONE;
        self.children[b].clear();
        self.endpoints[b].clear();
        self.base[b] = NONE;
        self.best_edges[b] = None;
        self.best_edge[b] = NONE;
        self.unused.push(b);
    }

    /// After expanding T-blossom `b`: the children on the even path from where the tree enters
    /// to the base become alternately T and S; the others become free unless reached.
    fn relabel_expanded(&mut self, b: usize) {
        let len = self.children[b].len() as isize;
        let at = |j: isize| j.rem_euclid(len) as usize;
        let entry = self.in_blossom[self.endpoint[self.label_end[b] ^ 1]];
        let mut j = self.children[b].iter().position(|&c| c == entry).unwrap_or(0) as isize;
        let (step, trick): (isize, usize) = if j & 1 == 1 {
            j -= len;
            (1, 0)
        } else {
            (-1, 1)
        };
        let mut p = self.label_end[b];
        while j != 0 {
            self.label[self.endpoint[p ^ 1]] = FREE;
            let q = self.endpoints[b][at(j - trick as isize)];
            self.label[self.endpoint[q ^ trick ^ 1]] = FREE;
            self.assign_label(self.endpoint[p ^ 1], T, p);
            self.allowed[q / 2] = true;
            j += step;
            p = self.endpoints[b][at(j - trick as isize)] ^ trick;
            self.allowed[p / 2] = true;
            j += step;
        }
        let bv = self.children[b][at(j)];
        self.label[self.endpoint[p ^ 1]] = T;
        self.label[bv] = T;
        self.label_end[self.endpoint[p ^ 1]] = p;
        self.label_end[bv] = p;
        self.best_edge[bv] = NONE;
        j += step;
        while self.children[b][at(j)] != entry {
            let bv = self.children[b][at(j)];
            j += step;
            if self.label[bv] == S {
                continue;
            }
            let reached = self.leaves_of(bv).into_iter().find(|&v| self.label[v] != FREE);
            if let Some(v) = reached {
                self.label[v] = FREE;
                self.label[self.endpoint[self.mate[self.base[bv]]]] = FREE;
                self.assign_label(v, T, self.label_end[v]);
            }
        }
    }

    /// Swaps matched and unmatched edges inside blossom `b` along the even path from vertex `v`
    /// to the base, making `v` the new base.
    fn augment_blossom(&mut self, b: usize, v: usize) {
        let mut t = v;
        while self.parent[t] != b {
            t = self.parent[t];
        }
        if t >= self.vertices {
            self.augment_blossom(t, v);
        }
        let len = self.children[b].len() as isize;
        let at = |j: isize| j.rem_euclid(len) as usize;
        let i = self.children[b].iter().position(|&c| c == t).unwrap_or(0);
        let mut j = i as isize;
        let (step, trick): (isize, usize) = if j & 1 == 1 {
            j -= len;
            (1, 0)
        } else {
            (-1, 1)
        };
        while j != 0 {
            j += step;
            let child = self.children[b][at(j)];
            let p = self.endpoints[b][at(j - trick as isize)] ^ trick;
            if child >= self.vertices {
                self.augment_blossom(child, self.endpoint[p]);
            }
            j += step;
            let child = self.children[b][at(j)];
            if child >= self.vertices {
                self.augment_blossom(child, self.endpoint[p ^ 1]);
            }
            self.mate[self.endpoint[p]] = p ^ 1;
            self.mate[self.endpoint[p ^ 1]] = p;
        }
        self.children[b].rotate_left(i);
        self.endpoints[b].rotate_left(i);
        self.base[b] = self.base[self.children[b][0]];
    }

    /// Augments the matching along the path through edge `k` between two S-vertices of
    /// different trees, back to both roots.
    pub(super) fn augment(&mut self, k: usize) {
        let (v, w, _) = self.edges[k];
        for (mut s, mut p) in [(v, 2 * k + 1), (w, 2 * k)] {
            loop {
                let bs = self.in_blossom[s];
                if bs >= self.vertices {
                    self.augment_blossom(bs, s);
                }
                self.mate[s] = p;
                if self.label_end[bs] == NONE {
                    break;
                }
                let t = self.endpoint[self.label_end[bs]];
                let bt = self.in_blossom[t];
                s = self.endpoint[self.label_end[bt]];
                let j = self.endpoint[self.label_end[bt] ^ 1];
                if bt >= self.vertices {
                    self.augment_blossom(bt, j);
                }
                self.mate[j] = self.label_end[bt];
                p = self.label_end[bt] ^ 1;
            }
        }
    }
}
