//! Charts drawn on the server as SVG: readable without JavaScript, sized by their
//! viewBox so they scale to any screen, with a title and description for screen
//! readers (each page also shows the figures as a table). Colours come from the
//! stylesheet's palette, chosen to read for colour-blind people and in print.

use std::fmt::Write;

use membernet_domain::membership::month_start;

/// Year-end (or latest) totals, for the table beside the chart.
pub fn by_year(cumulative: &[(i32, i64)]) -> Vec<(i32, i64)> {
    let mut years: Vec<(i32, i64)> = Vec::new();
    for (month, total) in cumulative {
        let year = month / 100;
        match years.last_mut() {
            Some((last, value)) if *last == year => *value = *total,
            _ => years.push((year, *total)),
        }
    }
    years
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The opening of a chart: its size, and the title and description that name it
/// for screen readers.
fn open_svg(id: &str, title: &str, description: &str, width: f64, height: f64) -> String {
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    )
}

/// A round step for about five gridlines up to `max`.
fn nice_step(max: i64) -> i64 {
    let raw = (max.max(1) as f64 / 5.0).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|factor| factor * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * magnitude);
    step.round().max(1.0) as i64
}

/// An area chart of members over time. `id` makes the title/description ids unique
/// on the page.
pub fn growth_svg(id: &str, title: &str, description: &str, cumulative: &[(i32, i64)]) -> String {
    const WIDTH: f64 = 640.0;
    const HEIGHT: f64 = 260.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 28.0;
    let mut svg = open_svg(id, title, description, WIDTH, HEIGHT);
    let points: Vec<(f64, i64)> = cumulative
        .iter()
        .filter_map(|(month, total)| Some((month_start(*month)?.unix_timestamp() as f64, *total)))
        .collect();
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        svg.push_str("</svg>");
        return svg;
    };
    let max = points
        .iter()
        .map(|(_, total)| *total)
        .max()
        .unwrap_or(0)
        .max(1);
    let step = nice_step(max);
    let top_value = (max + step - 1) / step * step;
    let (start, end) = (first.0, (last.0 + 31.0 * 86_400.0).max(first.0 + 1.0));
    let x = |t: f64| LEFT + (t - start) / (end - start) * (WIDTH - LEFT - RIGHT);
    let y = |value: i64| TOP + (1.0 - value as f64 / top_value as f64) * (HEIGHT - TOP - BOTTOM);

    svg.push_str("<g class=\"grid\">");
    let mut value = 0;
    while value <= top_value {
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{value}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y(value) + 4.0,
            y = y(value),
        );
        value += step;
    }
    let first_year = cumulative.first().map_or(0, |(month, _)| month / 100);
    let last_year = cumulative.last().map_or(0, |(month, _)| month / 100);
    let year_step = ((last_year - first_year) / 6).max(1);
    let mut year = first_year + 1;
    while year <= last_year {
        if let Some(at) = month_start(year * 100 + 1) {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{year}</text>",
                x(at.unix_timestamp() as f64),
                HEIGHT - 8.0
            );
        }
        year += year_step;
    }
    svg.push_str("</g>");

    // A step line: a month's total holds until the next month's.
    let mut line = String::new();
    let mut previous: Option<i64> = None;
    for (t, total) in &points {
        if let Some(previous) = previous {
            let _ = write!(line, " L{:.1},{:.1}", x(*t), y(previous));
        } else {
            let _ = write!(line, "M{:.1},{:.1}", x(*t), y(0));
        }
        let _ = write!(line, " L{:.1},{:.1}", x(*t), y(*total));
        previous = Some(*total);
    }
    let _ = write!(line, " L{:.1},{:.1}", x(end), y(previous.unwrap_or(0)));
    let _ = write!(
        svg,
        "<path class=\"area\" d=\"{line} L{:.1},{:.1} Z\"/><path class=\"line\" d=\"{line}\"/></svg>",
        x(end),
        y(0)
    );
    svg
}

/// A bar chart of one value per labelled step (the planner's cost per year).
pub fn bars_svg(id: &str, title: &str, description: &str, bars: &[(String, i64)]) -> String {
    const WIDTH: f64 = 640.0;
    const HEIGHT: f64 = 240.0;
    const LEFT: f64 = 12.0;
    const BOTTOM: f64 = 26.0;
    const TOP: f64 = 10.0;
    let mut svg = open_svg(id, title, description, WIDTH, HEIGHT);
    let max = bars
        .iter()
        .map(|(_, value)| *value)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = (WIDTH - 2.0 * LEFT) / bars.len().max(1) as f64;
    svg.push_str("<g class=\"grid\">");
    for (index, (label, value)) in bars.iter().enumerate() {
        let height = (*value).max(0) as f64 / max * (HEIGHT - TOP - BOTTOM);
        let x = LEFT + index as f64 * slot + slot * 0.15;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{height:.1}\"/>\
             <text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            HEIGHT - BOTTOM - height,
            slot * 0.7,
            x + slot * 0.35,
            HEIGHT - 8.0,
            escape(label)
        );
    }
    svg.push_str("</g></svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ends_fold_into_years() {
        let totals = [(202211, 3), (202212, 5), (202301, 4), (202305, 8)];
        assert_eq!(by_year(&totals), [(2022, 5), (2023, 8)]);
    }

    #[test]
    fn gridlines_fall_on_round_numbers() {
        assert_eq!(nice_step(3_000), 1_000);
        assert_eq!(nice_step(1_100), 250);
        assert_eq!(nice_step(7), 2);
        assert_eq!(nice_step(0), 1);
    }

    #[test]
    fn the_chart_names_itself_and_escapes_text() {
        let svg = growth_svg(
            "ke",
            "Members in <Kenya>",
            "From 3 to 8",
            &[(202211, 3), (202305, 8)],
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("<title id=\"ke-title\">Members in &lt;Kenya&gt;</title>"));
        assert!(svg.contains("class=\"line\""));
        assert!(svg.contains(">2023</text>"));
        assert!(
            !svg.contains("style="),
            "no inline styles: the CSP forbids them"
        );
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let svg = bars_svg(
            "cost",
            "Cost",
            "Per year",
            &[("1".into(), 50), ("2".into(), 100)],
        );
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
        assert!(svg.contains("height=\"204.0\""), "{svg}");
        assert!(svg.contains("height=\"102.0\""), "{svg}");
    }

    #[test]
    fn an_empty_series_draws_an_empty_chart() {
        let svg = growth_svg("x", "t", "d", &[]);
        assert!(svg.ends_with("</svg>"));
    }
}
