//! The growth curve: a monotone cubic through the published milestones, and its
//! inverse, which says when the network reaches a number of members.

/// A cubic through the points with Fritsch–Butland slopes: it never decreases where the
/// points do not, and its slope is continuous at the points.
pub(super) struct MonotoneCurve {
    x: Vec<f64>,
    y: Vec<f64>,
    slope: Vec<f64>,
}

impl MonotoneCurve {
    pub(super) fn through(points: &[(f64, f64)]) -> Self {
        let x: Vec<f64> = points.iter().map(|p| p.0).collect();
        let y: Vec<f64> = points.iter().map(|p| p.1).collect();
        let secant = |i: usize| (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        let last = points.len() - 1;
        let slope = (0..=last)
            .map(|i| {
                if i == 0 {
                    return secant(0);
                }
                if i == last {
                    return secant(last - 1);
                }
                let (before, after) = (secant(i - 1), secant(i));
                if before * after <= 0.0 {
                    return 0.0;
                }
                let (h0, h1) = (x[i] - x[i - 1], x[i + 1] - x[i]);
                3.0 * (h0 + h1) / ((2.0 * h1 + h0) / before + (h1 + 2.0 * h0) / after)
            })
            .collect();
        Self { x, y, slope }
    }

    pub(super) fn at(&self, x: f64) -> f64 {
        let last = self.x.len() - 1;
        if x <= self.x[0] {
            return self.y[0];
        }
        if x >= self.x[last] {
            return self.y[last];
        }
        let segment = self.x.partition_point(|&knot| knot <= x) - 1;
        let width = self.x[segment + 1] - self.x[segment];
        self.on_segment(segment, (x - self.x[segment]) / width)
    }

    /// Hermite form on `segment` at `s` in `[0, 1]`.
    fn on_segment(&self, segment: usize, s: f64) -> f64 {
        let width = self.x[segment + 1] - self.x[segment];
        let (s2, s3) = (s * s, s * s * s);
        (2.0 * s3 - 3.0 * s2 + 1.0) * self.y[segment]
            + (s3 - 2.0 * s2 + s) * width * self.slope[segment]
            + (-2.0 * s3 + 3.0 * s2) * self.y[segment + 1]
            + (s3 - s2) * width * self.slope[segment + 1]
    }

    /// Where the curve reaches `y`, searching from `segment` on (and leaving it at the
    /// segment found), so a rising sequence of targets costs one pass over the knots.
    pub(super) fn inverse(&self, y: f64, segment: &mut usize) -> f64 {
        let last = self.x.len() - 1;
        while *segment + 1 < last && self.y[*segment + 1] <= y {
            *segment += 1;
        }
        let (mut low, mut high) = (0.0, 1.0);
        // 40 halvings pin a segment of a few years to well under a second.
        for _ in 0..40 {
            let middle = 0.5 * (low + high);
            if self.on_segment(*segment, middle) < y {
                low = middle;
            } else {
                high = middle;
            }
        }
        self.x[*segment] + high * (self.x[*segment + 1] - self.x[*segment])
    }
}
