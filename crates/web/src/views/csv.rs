//! CSV for spreadsheets: fields quoted when they must be (RFC 4180), and a leading
//! formula character defused, so a downloaded file never runs what a member typed.

/// One CSV field. Text that a spreadsheet would read as a formula (a leading `=`,
/// `+`, `-`, `@`, tab or carriage return) gets a leading `'`; numbers, negative
/// ones included, stay numbers.
pub fn field(text: &str) -> String {
    let number = text.parse::<f64>().is_ok_and(f64::is_finite);
    let text = if !number && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// One CSV line (with its CRLF) of `fields`.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|text| field(text.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::{field, line};

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("Year"), "Year");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("@cmd, x"), "\"'@cmd, x\"");
        assert_eq!(line(&["a", "-1", "-0.3"]), "a,-1,-0.3\r\n");
        assert_eq!(field("-1+cmd|' /C calc'!A0"), "'-1+cmd|' /C calc'!A0");
        assert_eq!(field("\t=1"), "'\t=1");
        assert_eq!(field("-inf"), "'-inf");
    }
}
