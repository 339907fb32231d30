//! Edmonds' blossom algorithm for maximum-weight matching in a general graph, in the O(n^3)
//! primal-dual form of Galil (1986), laid out as in Joris van Rantwijk's well-known
//! implementation: stages that each grow alternating trees from every free vertex until one
//! augmenting path is found, with dual variables on vertices and on nested blossoms.
//!
//! Weights are integers: every slack and dual then stays an integer (the slack of an edge
//! between two S-vertices is even, so halving it is exact), which is why callers scale scores.
//! Vertices, edges and endpoints are indices; endpoint `2k` is edge `k`'s first vertex and `2k+1`
//! its second, so `p ^ 1` is the other end of the same edge.

mod tree;

/// No vertex, edge, endpoint or blossom.
const NONE: usize = usize::MAX;
/// Labels: free, S (outer, even distance from a tree root) and T (inner). `BREADCRUMB` marks
/// S-blossoms on the path being scanned in [`Matcher::scan_blossom`].
const FREE: u8 = 0;
const S: u8 = 1;
const T: u8 = 2;
const BREADCRUMB: u8 = 5;

pub(super) struct Matcher {
    vertices: usize,
    edges: Vec<(usize, usize, i64)>,
    endpoint: Vec<usize>,
    /// For each vertex, the far endpoints of its edges.
    neighbours: Vec<Vec<usize>>,
    /// The far endpoint of each vertex's matched edge.
    mate: Vec<usize>,
    /// Per vertex and per blossom (ids `vertices..2*vertices`).
    label: Vec<u8>,
    label_end: Vec<usize>,
    /// The top-level blossom (or the vertex itself) holding each vertex.
    in_blossom: Vec<usize>,
    parent: Vec<usize>,
    children: Vec<Vec<usize>>,
    base: Vec<usize>,
    /// Endpoints linking consecutive children: `endpoints[b][i]` joins `children[b][i]` to the next.
    endpoints: Vec<Vec<usize>>,
    /// The least-slack edge to a different S-blossom (for an S-blossom) or to an S-vertex.
    best_edge: Vec<usize>,
    best_edges: Vec<Option<Vec<usize>>>,
    unused: Vec<usize>,
    dual: Vec<i64>,
    allowed: Vec<bool>,
    queue: Vec<usize>,
}

/// What limits the dual change in a stage's step.
enum Delta {
    /// A vertex dual reaches zero: the matching is optimal.
    Optimal,
    /// An edge from an S-vertex to a free vertex, or between two S-blossoms, becomes tight.
    Tight(usize),
    /// A T-blossom's dual reaches zero: expand it.
    Expand(usize),
}

impl Matcher {
    pub(super) fn new(vertices: usize, edges: Vec<(usize, usize, i64)>) -> Self {
        let max_weight = edges.iter().map(|edge| edge.2).max().unwrap_or(0).max(0);
        let endpoint: Vec<usize> =
            (0..2 * edges.len()).map(|p| if p % 2 == 0 { edges[p / 2].0 } else { edges[p / 2].1 }).collect();
        let mut neighbours = vec![Vec::new(); vertices];
        for (k, &(i, j, _)) in edges.iter().enumerate() {
            neighbours[i].push(2 * k + 1);
            neighbours[j].push(2 * k);
        }
        let blossoms = 2 * vertices;
        Self {
            vertices,
            allowed: vec![false; edges.len()],
            edges,
            endpoint,
            neighbours,
            mate: vec![NONE; vertices],
            label: vec![FREE; blossoms],
            label_end: vec![NONE; blossoms],
            in_blossom: (0..vertices).collect(),
            parent: vec![NONE; blossoms],
            children: vec![Vec::new(); blossoms],
            base: (0..vertices).chain(std::iter::repeat_n(NONE, vertices)).collect(),
            endpoints: vec![Vec::new(); blossoms],
            best_edge: vec![NONE; blossoms],
            best_edges: vec![None; blossoms],
            unused: (vertices..blossoms).collect(),
            dual: std::iter::repeat_n(max_weight, vertices).chain(std::iter::repeat_n(0, vertices)).collect(),
            queue: Vec::new(),
        }
    }

    /// Each vertex's partner in a maximum-weight matching, or `None`.
    pub(super) fn solve(mut self) -> Vec<Option<usize>> {
        for _ in 0..self.vertices {
            if !self.stage() {
                break;
            }
            for b in self.vertices..2 * self.vertices {
                if self.parent[b] == NONE && self.base[b] != NONE && self.label[b] == S && self.dual[b] == 0 {
                    self.expand(b, true);
                }
            }
        }
        self.mate.iter().map(|&p| (p != NONE).then(|| self.endpoint[p])).collect()
    }

    fn slack(&self, k: usize) -> i64 {
        let (i, j, weight) = self.edges[k];
        self.dual[i] + self.dual[j] - 2 * weight
    }

    fn leaves(&self, b: usize, out: &mut Vec<usize>) {
        let mut stack = vec![b];
        while let Some(top) = stack.pop() {
            if top < self.vertices {
                out.push(top);
            } else {
                stack.extend(self.children[top].iter().rev());
            }
        }
    }

    fn leaves_of(&self, b: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.leaves(b, &mut out);
        out
    }

    /// One stage: grow trees from every free vertex until an augmenting path is found (true) or
    /// the duals prove the matching optimal (false).
    fn stage(&mut self) -> bool {
        self.label.fill(FREE);
        self.best_edge.fill(NONE);
        self.best_edges[self.vertices..].fill(None);
        self.allowed.fill(false);
        self.queue.clear();
        for v in 0..self.vertices {
            if self.mate[v] == NONE && self.label[self.in_blossom[v]] == FREE {
                self.assign_label(v, S, NONE);
            }
        }
        loop {
            if self.scan_queue() {
                return true;
            }
            match self.delta_step() {
                Delta::Optimal => return false,
                Delta::Tight(k) => {
                    self.allowed[k] = true;
                    let (mut i, j, _) = self.edges[k];
                    if self.label[self.in_blossom[i]] != S {
                        i = j;
                    }
                    self.queue.push(i);
                }
                Delta::Expand(b) => self.expand(b, false),
            }
        }
    }

    /// Scans the edges of queued S-vertices; true when it augmented the matching.
    fn scan_queue(&mut self) -> bool {
        while let Some(v) = self.queue.pop() {
            for index in 0..self.neighbours[v].len() {
                let p = self.neighbours[v][index];
                let (k, w) = (p / 2, self.endpoint[p]);
                if self.in_blossom[v] == self.in_blossom[w] {
                    continue;
                }
                let mut slack = 0;
                if !self.allowed[k] {
                    slack = self.slack(k);
                    self.allowed[k] = slack <= 0;
                }
                let w_label = self.label[self.in_blossom[w]];
                if self.allowed[k] {
                    if w_label == FREE {
                        self.assign_label(w, T, p ^ 1);
                    } else if w_label == S {
                        let base = self.scan_blossom(v, w);
                        if base == NONE {
                            self.augment(k);
                            return true;
                        }
                        self.add_blossom(base, k);
                    } else if self.label[w] == FREE {
                        // w is inside a T-blossom but not yet reached: mark it for expansion.
                        self.label[w] = T;
                        self.label_end[w] = p ^ 1;
                    }
                } else if w_label == S {
                    let b = self.in_blossom[v];
                    if self.best_edge[b] == NONE || slack < self.slack(self.best_edge[b]) {
                        self.best_edge[b] = k;
                    }
                } else if self.label[w] == FREE
                    && (self.best_edge[w] == NONE || slack < self.slack(self.best_edge[w]))
                {
                    self.best_edge[w] = k;
                }
            }
        }
        false
    }

    /// Finds the largest dual change that keeps every slack non-negative, applies it, and says
    /// what stopped it.
    fn delta_step(&mut self) -> Delta {
        let mut delta = self.dual[..self.vertices].iter().copied().min().unwrap_or(0);
        let mut limit = Delta::Optimal;
        for v in 0..self.vertices {
            if self.label[self.in_blossom[v]] == FREE && self.best_edge[v] != NONE {
                let slack = self.slack(self.best_edge[v]);
                if slack < delta {
                    (delta, limit) = (slack, Delta::Tight(self.best_edge[v]));
                }
            }
        }
        for b in 0..2 * self.vertices {
            if self.parent[b] == NONE && self.label[b] == S && self.best_edge[b] != NONE {
                let slack = self.slack(self.best_edge[b]);
                debug_assert!(slack % 2 == 0, "integer weights keep S-S slacks even");
                if slack / 2 < delta {
                    (delta, limit) = (slack / 2, Delta::Tight(self.best_edge[b]));
                }
            }
        }
        for b in self.vertices..2 * self.vertices {
            if self.base[b] != NONE && self.parent[b] == NONE && self.label[b] == T && self.dual[b] < delta {
                (delta, limit) = (self.dual[b], Delta::Expand(b));
            }
        }
        for v in 0..self.vertices {
            match self.label[self.in_blossom[v]] {
                S => self.dual[v] -= delta,
                T => self.dual[v] += delta,
                _ => {}
            }
        }
        for b in self.vertices..2 * self.vertices {
            if self.base[b] != NONE && self.parent[b] == NONE {
                match self.label[b] {
                    S => self.dual[b] += delta,
                    T => self.dual[b] -= delta,
                    _ => {}
                }
            }
        }
        limit
    }
}
