//! The query language's grammar: turns the text a person or script types into a syntax
//! tree, or a syntax error that says where and why. It knows which field names exist
//! (so `Jokowi:` in a headline stays a word) but nothing of analysis or the index.
//!
//! ```text
//! query   := or_expr
//! or_expr := and_expr ("OR" and_expr)*
//! and_expr:= unary+
//! unary   := ["-" | "+" | "NOT"] primary ["^" number]
//! primary := "(" or_expr ")" | [field ":"] (phrase ["~" n] | range | word ["*" | "~" [n]])
//! ```

use std::fmt;

/// Whether a clause must, may or must not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occur {
    Default,
    Must,
    MustNot,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Or(Vec<Expr>),
    And(Vec<(Occur, Expr)>),
    Word {
        field: Option<String>,
        text: String,
        prefix: bool,
        fuzzy: Option<u8>,
        boost: f32,
    },
    Phrase {
        field: Option<String>,
        text: String,
        slop: u32,
        boost: f32,
    },
    Range {
        field: String,
        low: String,
        high: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based character column.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "syntax error at column {}: {}",
            self.column, self.message
        )
    }
}

impl std::error::Error for SyntaxError {}

struct Parser<'a> {
    chars: Vec<char>,
    at: usize,
    fields: &'a [&'a str],
    /// Open parentheses around the current position.
    depth: usize,
}

/// Deeper grouping than any person writes; the limit keeps the recursion bounded.
const MAX_DEPTH: usize = 64;

/// Characters that end a bare word.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"' | '^' | '[' | ']')
}

pub fn parse(text: &str, fields: &[&str]) -> Result<Expr, SyntaxError> {
    let mut p = Parser {
        chars: text.chars().collect(),
        at: 0,
        fields,
        depth: 0,
    };
    let expr = p.or_expr()?;
    p.skip_space();
    if let Some(c) = p.peek() {
        return Err(p.error(format!("unexpected '{c}'")));
    }
    Ok(expr)
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            column: self.at + 1,
            message: message.into(),
        }
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// True when the upcoming bare word is exactly `keyword` (upper case).
    fn at_keyword(&self, keyword: &str) -> bool {
        let n = keyword.chars().count();
        let word: String = self.chars[self.at..].iter().take(n).collect();
        word == keyword && self.chars.get(self.at + n).is_none_or(|&c| ends_word(c))
    }

    fn or_expr(&mut self) -> Result<Expr, SyntaxError> {
        let mut alternatives = vec![self.and_expr()?];
        loop {
            self.skip_space();
            if !self.at_keyword("OR") {
                break;
            }
            self.at += 2;
            alternatives.push(self.and_expr()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().unwrap()
        } else {
            Expr::Or(alternatives)
        })
    }

    /// Clauses side by side. Clauses joined by an explicit `AND` become one group
    /// (`a b AND c` is `a (b c)`), so that "every word" stays every word of the group
    /// when a search relaxes the words outside it.
    fn and_expr(&mut self) -> Result<Expr, SyntaxError> {
        let mut clauses: Vec<(Occur, Expr)> = Vec::new();
        // Whether the last clause is a group made by AND, and whether AND was just read.
        let mut last_is_group = false;
        let mut joining = false;
        loop {
            self.skip_space();
            match self.peek() {
                None | Some(')') => break,
                _ if self.at_keyword("OR") => break,
                _ if self.at_keyword("AND") => {
                    self.at += 3;
                    joining = !clauses.is_empty();
                    continue;
                }
                // Brackets outside `field:[a TO b]` are punctuation, as in headlines
                // like "[VIDEO] Banjir di Jakarta".
                Some('[' | ']') => {
                    self.at += 1;
                    continue;
                }
                _ => {
                    let clause = self.unary()?;
                    if std::mem::take(&mut joining) {
                        let previous = clauses.pop().expect("AND follows a clause");
                        let group = match previous {
                            (Occur::Default, Expr::And(mut items)) if last_is_group => {
                                items.push(clause);
                                items
                            }
                            previous => vec![previous, clause],
                        };
                        clauses.push((Occur::Default, Expr::And(group)));
                        last_is_group = true;
                    } else {
                        clauses.push(clause);
                        last_is_group = false;
                    }
                }
            }
        }
        if clauses.is_empty() {
            return Err(self.error("expected a word or phrase"));
        }
        Ok(Expr::And(clauses))
    }

    fn unary(&mut self) -> Result<(Occur, Expr), SyntaxError> {
        let next_is_operand = |p: &Parser, skip: usize| {
            p.chars
                .get(p.at + skip)
                .is_some_and(|&c| !c.is_whitespace() && c != ')')
        };
        let occur = match self.peek() {
            Some('-') if next_is_operand(self, 1) => {
                self.at += 1;
                Occur::MustNot
            }
            Some('+') if next_is_operand(self, 1) => {
                self.at += 1;
                Occur::Must
            }
            _ if self.at_keyword("NOT") => {
                self.at += 3;
                self.skip_space();
                Occur::MustNot
            }
            _ => Occur::Default,
        };
        let mut expr = self.primary()?;
        if self.peek() == Some('^') {
            self.at += 1;
            let boost = self.number()?;
            match &mut expr {
                Expr::Word { boost: b, .. } | Expr::Phrase { boost: b, .. } => *b = boost,
                _ => return Err(self.error("a boost (^) follows a word or phrase")),
            }
        }
        Ok((occur, expr))
    }

    fn number(&mut self) -> Result<f32, SyntaxError> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        match text.parse::<f32>() {
            Ok(n) if n.is_finite() => Ok(n),
            _ => Err(SyntaxError {
                column: start + 1,
                message: "expected a number".into(),
            }),
        }
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        if self.peek() == Some('(') {
            let open = self.at;
            if self.depth == MAX_DEPTH {
                return Err(self.error(format!("more than {MAX_DEPTH} nested parentheses")));
            }
            self.depth += 1;
            self.at += 1;
            let inner = self.or_expr()?;
            self.depth -= 1;
            self.skip_space();
            if self.peek() != Some(')') {
                return Err(SyntaxError {
                    column: open + 1,
                    message: "unclosed '('".into(),
                });
            }
            self.at += 1;
            return Ok(inner);
        }
        let field = self.field_prefix()?;
        match self.peek() {
            Some('"') => self.phrase(field),
            Some('[') => match field {
                Some(field) => self.range(field),
                None => Err(self.error(
                    "a range [a TO b] needs a field, as in date:[2019-09-01 TO 2019-09-30]",
                )),
            },
            Some(c) if !ends_word(c) => self.word(field),
            Some(c) => Err(self.error(format!("unexpected '{c}'"))),
            None => Err(self.error("expected a word or phrase")),
        }
    }

    /// `name:` when `name` is a field. `judul:putin` (no such field) and `title:`
    /// (nothing after it) are errors; a word such as `Jokowi:` before a space, a time
    /// (`10:30`) or a link (`https://`) is left alone as text.
    fn field_prefix(&mut self) -> Result<Option<String>, SyntaxError> {
        let name: String = self.chars[self.at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
            .collect();
        let n = name.len();
        if !name.starts_with(|c: char| c.is_ascii_alphabetic())
            || self.chars.get(self.at + n) != Some(&':')
        {
            return Ok(None);
        }
        let lower = name.to_ascii_lowercase();
        let after = self.chars.get(self.at + n + 1).copied();
        if let Some(field) = self.fields.iter().find(|f| **f == lower) {
            if after.is_none_or(|c| c.is_whitespace() || c == ')') {
                return Err(self.error(format!(
                    "\"{name}:\" needs a word, phrase or range right after the colon, as in {field}:gempa"
                )));
            }
            self.at += n + 1;
            return Ok(Some(field.to_string()));
        }
        if after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '"' | '[')) {
            let mut known: Vec<&str> = self.fields.to_vec();
            known.sort_unstable();
            return Err(self.error(format!(
                "no field \"{name}\" (fields: {}); put text with a colon in quotes to search for its words",
                known.join(", ")
            )));
        }
        Ok(None)
    }

    fn phrase(&mut self, field: Option<String>) -> Result<Expr, SyntaxError> {
        let open = self.at;
        self.at += 1;
        let start = self.at;
        while self.peek().is_some_and(|c| c != '"') {
            self.at += 1;
        }
        if self.peek().is_none() {
            return Err(SyntaxError {
                column: open + 1,
                message: "unclosed '\"'".into(),
            });
        }
        let text: String = self.chars[start..self.at].iter().collect();
        self.at += 1;
        let mut slop = 0;
        if self.peek() == Some('~') {
            self.at += 1;
            slop = self.number()? as u32;
        }
        Ok(Expr::Phrase {
            field,
            text,
            slop,
            boost: 1.0,
        })
    }

    fn range(&mut self, field: String) -> Result<Expr, SyntaxError> {
        let open = self.at;
        self.at += 1;
        let start = self.at;
        while self.peek().is_some_and(|c| c != ']') {
            self.at += 1;
        }
        if self.peek().is_none() {
            return Err(SyntaxError {
                column: open + 1,
                message: "unclosed '['".into(),
            });
        }
        let inside: String = self.chars[start..self.at].iter().collect();
        self.at += 1;
        let parts: Vec<&str> = inside.split(" TO ").map(str::trim).collect();
        match parts.as_slice() {
            [low, high] if !low.is_empty() && !high.is_empty() => Ok(Expr::Range {
                field,
                low: low.to_string(),
                high: high.to_string(),
            }),
            _ => Err(SyntaxError {
                column: open + 1,
                message: "a range is written [low TO high], with * for an open end".into(),
            }),
        }
    }

    fn word(&mut self, field: Option<String>) -> Result<Expr, SyntaxError> {
        let start = self.at;
        while self.peek().is_some_and(|c| !ends_word(c)) {
            self.at += 1;
        }
        let mut text: String = self.chars[start..self.at].iter().collect();
        let mut prefix = false;
        let mut fuzzy = None;
        if text.len() > 1 && text.ends_with('*') {
            text.pop();
            prefix = true;
        } else if let Some(pos) = text.rfind('~') {
            let (word, distance) = text.split_at(pos);
            if !word.is_empty() {
                let distance = &distance[1..];
                fuzzy = match distance {
                    "" => Some(0),
                    d => match d.parse::<u8>() {
                        Ok(n @ 1..=2) => Some(n),
                        _ => {
                            return Err(SyntaxError {
                                column: start + word.chars().count() + 1,
                                message: "typo tolerance is ~, ~1 or ~2".into(),
                            })
                        }
                    },
                };
                text = word.to_string();
            }
        }
        Ok(Expr::Word {
            field,
            text,
            prefix,
            fuzzy,
            boost: 1.0,
        })
    }
}

#[cfg(test)]
#[path = "syntax_tests.rs"]
mod tests;
