//! A sparse binary logistic regression, the learned half of the `about_person` check.
//!
//! Training is stochastic gradient descent over a fixed number of epochs, in an order drawn from a
//! fixed seed, with L2 regularisation: the same examples give the same weights on every run and
//! every machine. Features are indices into a vocabulary the caller owns; each example's features
//! are binary and scaled to unit length, so a long text is not more confident for being long.

/// One training example: distinct feature indices, its label and how much it counts.
#[derive(Clone, Debug)]
pub(crate) struct SparseExample {
    pub features: Vec<usize>,
    pub positive: bool,
    pub weight: f64,
}

/// How the model is trained. `Default` holds the values chosen by cross-validation on the
/// training data (`tests/person_tuning.rs`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TrainingSettings {
    pub epochs: usize,
    pub learning_rate: f64,
    /// L2 penalty per update, relative to the learning rate.
    pub l2: f64,
    pub seed: u64,
}

impl Default for TrainingSettings {
    fn default() -> Self {
        Self { epochs: 40, learning_rate: 1.0, l2: 1e-3, seed: 0x6d6f_636b_6c6f_6f70 }
    }
}

/// Weights of a trained model; features beyond the vocabulary it was trained on weigh nothing.
#[derive(Clone, Debug, Default)]
pub(crate) struct LogisticRegression {
    weights: Vec<f64>,
    bias: f64,
}

impl LogisticRegression {
    /// Trains over `features` vocabulary entries.
    pub fn train(examples: &[SparseExample], features: usize, settings: TrainingSettings) -> Self {
        let mut model = Self { weights: vec![0.0; features], bias: 0.0 };
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut random = settings.seed | 1;
        let updates = (settings.epochs * examples.len()).max(1) as f64;
        let mut step = 0.0;
        for _ in 0..settings.epochs {
            shuffle(&mut order, &mut random);
            for &index in &order {
                let example = &examples[index];
                // A learning rate that decays linearly to a tenth settles the weights.
                let rate = settings.learning_rate * (1.0 - 0.9 * step / updates);
                step += 1.0;
                let scale = unit_scale(example.features.len());
                let error = model.probability(&example.features) - f64::from(u8::from(example.positive));
                let gradient = rate * example.weight * error;
                for &feature in &example.features {
                    if let Some(weight) = model.weights.get_mut(feature) {
                        *weight -= gradient * scale + rate * settings.l2 * *weight;
                    }
                }
                model.bias -= gradient;
            }
        }
        model
    }

    /// The probability that an example with these features is positive.
    pub fn probability(&self, features: &[usize]) -> f64 {
        let known: Vec<f64> =
            features.iter().filter_map(|feature| self.weights.get(*feature)).copied().collect();
        let sum: f64 = known.iter().sum::<f64>() * unit_scale(known.len());
        1.0 / (1.0 + (-(sum + self.bias)).exp())
    }
}

fn unit_scale(features: usize) -> f64 {
    if features == 0 {
        0.0
    } else {
        1.0 / (features as f64).sqrt()
    }
}

/// Fisher-Yates with xorshift64: deterministic, and good enough to decorrelate the epochs.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for index in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let other = (*state % (index as u64 + 1)) as usize;
        order.swap(index, other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(features: &[usize], positive: bool) -> SparseExample {
        SparseExample { features: features.to_vec(), positive, weight: 1.0 }
    }

    fn toy() -> Vec<SparseExample> {
        vec![
            example(&[0, 2], true),
            example(&[0, 3], true),
            example(&[1, 2], false),
            example(&[1, 3], false),
            example(&[1], false),
        ]
    }

    #[test]
    fn features_seen_with_positives_raise_the_probability() {
        let model = LogisticRegression::train(&toy(), 4, TrainingSettings::default());
        assert!(model.probability(&[0]) > 0.5);
        assert!(model.probability(&[1]) < 0.5);
    }

    #[test]
    fn training_is_deterministic() {
        let first = LogisticRegression::train(&toy(), 4, TrainingSettings::default());
        let second = LogisticRegression::train(&toy(), 4, TrainingSettings::default());
        assert_eq!(first.weights, second.weights);
        assert_eq!(first.bias, second.bias);
    }

    #[test]
    fn unknown_features_weigh_nothing() {
        let model = LogisticRegression::train(&toy(), 4, TrainingSettings::default());
        assert_eq!(model.probability(&[0, 99]), model.probability(&[0]));
    }
}
