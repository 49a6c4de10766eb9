//! One seeded random generator for the whole workspace: the demo network and the
//! tests that draw random histories or plans.
//!
//! SplitMix64 (Steele, Lea, Flood 2014) is tiny, fast and fixed forever, so the same
//! seed gives the same numbers on every platform and in every version, which a crate
//! whose stream may change cannot promise. It is not for secrets: tokens and session
//! ids come from the operating system's generator.

/// A SplitMix64 stream.
pub struct SplitMix64(u64);

impl SplitMix64 {
    const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

    /// The plain stream of a seed.
    pub fn seeded(seed: u64) -> Self {
        Self(seed)
    }

    /// Stream `index` of purpose `stream` under `seed`: independent streams, so one
    /// purpose's draws do not shift another's, and item `index` can be generated
    /// without generating the items before it.
    pub fn stream(seed: u64, stream: u64, index: u64) -> Self {
        let key = mix(mix(seed) ^ stream).wrapping_add(mix(index.wrapping_add(Self::GAMMA)));
        Self(mix(key))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(Self::GAMMA);
        mix(self.0)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// Uniform in `0..n`, for `n > 0`.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    pub fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index into `weights`, each drawn in proportion to its weight.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut target = self.below(total as usize) as u32;
        for (i, &weight) in weights.iter().enumerate() {
            if target < weight {
                return i;
            }
            target -= weight;
        }
        weights.len() - 1
    }
}

fn mix(value: u64) -> u64 {
    let mut z = value;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_the_published_splitmix64() {
        // The reference implementation's first outputs for seed 1234567.
        let mut rng = SplitMix64::seeded(1_234_567);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
    }
}
