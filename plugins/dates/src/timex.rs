//! The TIMEX3 record a rule proposes: span, type, normalized value and modifier.

use quarry_core::{Fact, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    pub span: Span,
    pub kind: TimexType,
    pub value: String,
    /// TIMEX3 `mod`: APPROX, EQUAL_OR_MORE, MORE_THAN, LESS_THAN, START, MID, END …
    pub modifier: Option<&'static str>,
}

impl Timex {
    pub fn new(span: Span, kind: TimexType, value: impl Into<String>) -> Self {
        Timex {
            span,
            kind,
            value: value.into(),
            modifier: None,
        }
    }

    pub fn with_mod(mut self, modifier: Option<&'static str>) -> Self {
        self.modifier = modifier;
        self
    }

    pub fn into_fact(self) -> Fact {
        let fact = Fact::new("date", self.span)
            .attr("type", self.kind.as_str())
            .attr("value", self.value);
        match self.modifier {
            Some(modifier) => fact.attr("mod", modifier),
            None => fact,
        }
    }
}
