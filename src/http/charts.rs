//! Server-rendered SVG charts for the progress page: a line chart over rounds and a theme-by-round
//! heatmap. Written by hand rather than with plotters: two small chart kinds, inline SVG that takes
//! its colours from the page's CSS variables (so light and dark themes both read), and no font or
//! image dependencies. Every chart has a text title and description; the page puts a table beside
//! each one for screen readers.

use std::fmt::Write;

/// One line: a value per x position, `None` where there is no data.
#[derive(Clone, Debug)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 150.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A line chart of `series` over `x_labels`, with the y axis from `y_min` to `y_max` (ticks at
/// whole numbers).
pub fn line_chart(title: &str, x_labels: &[String], series: &[Series], y_min: f64, y_max: f64) -> String {
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let steps = x_labels.len().saturating_sub(1).max(1) as f64;
    let x = |index: usize| LEFT + plot_width * index as f64 / steps;
    let y = |value: f64| TOP + plot_height * (1.0 - (value - y_min) / (y_max - y_min).max(f64::EPSILON));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{title}"><title>{title}</title>"#,
        title = escape(title)
    );
    let mut tick = y_min.ceil();
    while tick <= y_max {
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{right}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{tx}" y="{ty:.1}" text-anchor="end">{tick}</text>"#,
            right = WIDTH - RIGHT,
            y = y(tick),
            tx = LEFT - 6.0,
            ty = y(tick) + 4.0,
        );
        tick += 1.0;
    }
    for (index, label) in x_labels.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text class="tick" x="{x:.1}" y="{ty}" text-anchor="middle">{label}</text>"#,
            x = x(index),
            ty = HEIGHT - BOTTOM + 18.0,
            label = escape(label)
        );
    }
    for (number, line) in series.iter().enumerate() {
        let class = format!("series series-{}", number % 6);
        let mut path = String::new();
        let mut pen_down = false;
        for (index, value) in line.values.iter().enumerate() {
            match value {
                Some(value) => {
                    let _ =
                        write!(path, "{}{:.1},{:.1} ", if pen_down { "L" } else { "M" }, x(index), y(*value));
                    pen_down = true;
                    let _ = write!(
                        svg,
                        r#"<circle class="{class}" cx="{:.1}" cy="{:.1}" r="3.5"/>"#,
                        x(index),
                        y(*value)
                    );
                }
                None => pen_down = false,
            }
        }
        if !path.is_empty() {
            let _ = write!(svg, r#"<path class="{class}" fill="none" d="{}"/>"#, path.trim_end());
        }
        let legend_y = TOP + 14.0 + 18.0 * number as f64;
        let _ = write!(
            svg,
            r#"<line class="{class}" x1="{lx}" x2="{lx2}" y1="{ly:.1}" y2="{ly:.1}"/><text class="legend" x="{tx}" y="{ty:.1}">{label}</text>"#,
            lx = WIDTH - RIGHT + 12.0,
            lx2 = WIDTH - RIGHT + 30.0,
            ly = legend_y - 4.0,
            tx = WIDTH - RIGHT + 36.0,
            ty = legend_y,
            label = escape(&line.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A heatmap: one row per label in `rows`, one column per label in `columns`, darker for larger
/// counts; each cell carries its count as text for anyone hovering or reading the SVG.
pub fn heatmap(title: &str, rows: &[String], columns: &[String], counts: &[Vec<u32>]) -> String {
    let cell = 28.0;
    let label_width = 190.0;
    // Column labels are slanted so dates and kinds fit above narrow cells.
    let header = 80.0;
    let width = label_width + cell * columns.len().max(1) as f64 + 60.0;
    let height = header + cell * rows.len().max(1) as f64 + 10.0;
    let max = counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart heatmap" viewBox="0 0 {width} {height}" style="max-width: {width}px" role="img" aria-label="{title}"><title>{title}</title>"#,
        title = escape(title)
    );
    for (column, label) in columns.iter().enumerate() {
        let x = label_width + cell * column as f64 + cell / 2.0;
        let y = header - 6.0;
        let _ = write!(
            svg,
            r#"<text class="tick" x="{x:.1}" y="{y:.1}" transform="rotate(-40 {x:.1} {y:.1})">{}</text>"#,
            escape(label)
        );
    }
    for (row, label) in rows.iter().enumerate() {
        let top = header + cell * row as f64;
        let _ = write!(
            svg,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_width - 8.0,
            top + cell / 2.0 + 4.0,
            escape(label)
        );
        for (column, count) in counts.get(row).into_iter().flatten().enumerate() {
            let level = if *count == 0 { 0 } else { 1 + (3 * (count - 1)) / max.max(1) };
            let _ = write!(
                svg,
                r#"<rect class="cell level-{level}" x="{:.1}" y="{top:.1}" width="{w}" height="{w}" rx="3"><title>{}: {count} in {}</title></rect>"#,
                label_width + cell * column as f64,
                escape(label),
                escape(columns.get(column).map_or("", String::as_str)),
                w = cell - 3.0,
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_breaks_where_data_is_missing_and_labels_are_escaped() {
        let series = vec![Series {
            label: "Trade-offs <self>".into(),
            values: vec![Some(1.0), None, Some(3.0), Some(4.0)],
        }];
        let labels: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let svg = line_chart("Ratings & more", &labels, &series, 1.0, 4.0);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Ratings &amp; more") && svg.contains("Trade-offs &lt;self&gt;"));
        // Two pieces: the point before the gap, then a segment after it.
        let path = svg.split("d=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default();
        assert_eq!(path.matches('M').count(), 2, "{path}");
        assert_eq!(svg.matches("<circle").count(), 3);
    }

    #[test]
    fn heatmap_cells_scale_with_counts() {
        let rows = vec!["Time management".to_owned()];
        let columns = vec!["1".to_owned(), "2".to_owned(), "3".to_owned()];
        let svg = heatmap("Themes", &rows, &columns, &[vec![0, 1, 4]]);
        assert!(svg.contains("level-0") && svg.contains("level-1") && svg.contains("level-3"));
        assert!(svg.contains("Time management: 4 in 3"));
    }
}
