//! The SOQL parser: a recursive-descent parser from tokens to the syntax tree.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::ast::{
    Aggregate, AggregateFunction, Comparison, Condition, FieldPath, FieldsKind, Literal,
    LiteralKind, Name, Operand, Operator, OrderItem, Query, RelativeDate, RightSide, SelectItem,
};
use super::dates::is_relative_date;
use super::error::{MALFORMED_QUERY, SoqlError};
use super::lexer::{Token, TokenKind, tokenize};

/// Words that end a clause, so they can never be an alias.
const RESERVED: &[&str] = &[
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "GROUP", "BY", "HAVING", "ORDER", "LIMIT",
    "OFFSET", "ASC", "DESC", "NULLS", "FIRST", "LAST", "LIKE", "IN", "INCLUDES", "EXCLUDES",
    "NULL", "TRUE", "FALSE", "WITH", "FOR", "ALL", "ROWS", "USING", "TYPEOF",
];

/// Parses a complete query.
pub fn parse(query: &str) -> Result<Query, SoqlError> {
    let tokens = tokenize(query)?;
    let mut parser = Parser {
        query,
        tokens,
        position: 0,
    };
    let parsed = parser.select_statement()?;
    parser.trailing_clauses()?;
    parser.expect_end()?;
    Ok(parsed)
}

struct Parser<'a> {
    query: &'a str,
    tokens: Vec<Token>,
    position: usize,
}

fn is_reserved(text: &str) -> bool {
    RESERVED.iter().any(|word| word.eq_ignore_ascii_case(text))
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        &self.tokens[self.position.min(self.tokens.len() - 1)]
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        &self.tokens[(self.position + ahead).min(self.tokens.len() - 1)]
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.position < self.tokens.len() - 1 {
            self.position += 1;
        }
        token
    }

    /// Salesforce's wording for a token the grammar does not allow here.
    fn unexpected(&self) -> SoqlError {
        let token = self.peek();
        SoqlError::at(
            self.query,
            token.offset,
            MALFORMED_QUERY,
            &format!("unexpected token: {}", token.text),
        )
    }

    fn keyword(&mut self, word: &str) -> bool {
        if self.peek().is_keyword(word) {
            self.advance();
            true
        } else {
            false
        }
    }

    fn expect_keyword(&mut self, word: &str) -> Result<(), SoqlError> {
        if self.keyword(word) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn expect(&mut self, kind: &TokenKind) -> Result<Token, SoqlError> {
        if &self.peek().kind == kind {
            Ok(self.advance())
        } else {
            Err(self.unexpected())
        }
    }

    fn expect_end(&self) -> Result<(), SoqlError> {
        if self.peek().kind == TokenKind::End {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn name(&mut self) -> Result<Name, SoqlError> {
        match &self.peek().kind {
            TokenKind::Identifier(text) if !is_reserved(text) => {
                let name = Name {
                    text: text.clone(),
                    offset: self.peek().offset,
                };
                self.advance();
                Ok(name)
            }
            _ => Err(self.unexpected()),
        }
    }

    fn field_path(&mut self) -> Result<FieldPath, SoqlError> {
        let mut parts = vec![self.name()?];
        while self.peek().kind == TokenKind::Dot {
            self.advance();
            parts.push(self.name()?);
        }
        Ok(FieldPath { parts })
    }

    fn select_statement(&mut self) -> Result<Query, SoqlError> {
        let offset_in_query = self.peek().offset;
        self.expect_keyword("SELECT")?;
        let select = self.select_list()?;
        self.expect_keyword("FROM")?;
        let from = self.name()?;

        let alias = match &self.peek().kind {
            TokenKind::Identifier(text) if !is_reserved(text) => {
                let alias = text.clone();
                self.advance();
                Some(alias)
            }
            _ => None,
        };
        if self.keyword("USING") {
            self.expect_keyword("SCOPE")?;
            self.name()?;
        }
        let where_clause = if self.keyword("WHERE") {
            Some(self.condition()?)
        } else {
            None
        };
        if self.peek().is_keyword("WITH") {
            return Err(self.unexpected());
        }

        let mut group_by = Vec::new();
        let mut having = None;
        if self.keyword("GROUP") {
            self.expect_keyword("BY")?;
            group_by.push(self.field_path()?);
            while self.peek().kind == TokenKind::Comma {
                self.advance();
                group_by.push(self.field_path()?);
            }
            if self.keyword("HAVING") {
                having = Some(self.condition()?);
            }
        }

        let mut order_by = Vec::new();
        if self.keyword("ORDER") {
            self.expect_keyword("BY")?;
            order_by.push(self.order_item()?);
            while self.peek().kind == TokenKind::Comma {
                self.advance();
                order_by.push(self.order_item()?);
            }
        }
        let limit = if self.keyword("LIMIT") {
            Some(self.integer()?.0)
        } else {
            None
        };
        let offset = if self.keyword("OFFSET") {
            Some(self.integer()?)
        } else {
            None
        };
        Ok(Query {
            select,
            from,
            alias,
            where_clause,
            group_by,
            having,
            order_by,
            limit,
            offset,
            offset_in_query,
        })
    }

    /// Accepts `FOR VIEW`, `FOR REFERENCE`, `FOR UPDATE` and `ALL ROWS` after the statement.
    /// They change nothing here: in particular `ALL ROWS` does not bring back deleted rows
    /// through REST (that is what `queryAll` is for), as reported by users.
    fn trailing_clauses(&mut self) -> Result<(), SoqlError> {
        loop {
            if self.keyword("FOR") {
                let known = ["VIEW", "REFERENCE", "UPDATE"]
                    .iter()
                    .any(|word| self.peek().is_keyword(word));
                if !known {
                    return Err(self.unexpected());
                }
                self.advance();
            } else if self.keyword("ALL") {
                self.expect_keyword("ROWS")?;
            } else {
                return Ok(());
            }
        }
    }

    fn integer(&mut self) -> Result<(u64, usize), SoqlError> {
        let token = self.peek().clone();
        match &token.kind {
            TokenKind::Number(text) => match text.parse::<u64>() {
                Ok(value) => {
                    self.advance();
                    Ok((value, token.offset))
                }
                Err(_) => Err(self.unexpected()),
            },
            _ => Err(self.unexpected()),
        }
    }

    fn select_list(&mut self) -> Result<Vec<SelectItem>, SoqlError> {
        let mut items = vec![self.select_item()?];
        while self.peek().kind == TokenKind::Comma {
            self.advance();
            items.push(self.select_item()?);
        }
        Ok(items)
    }

    fn select_item(&mut self) -> Result<SelectItem, SoqlError> {
        if self.peek().kind == TokenKind::LeftParen {
            self.advance();
            let subquery = self.select_statement()?;
            self.expect(&TokenKind::RightParen)?;
            return Ok(SelectItem::Subquery(Box::new(subquery)));
        }
        if self.peek_at(1).kind == TokenKind::LeftParen {
            let token = self.peek().clone();
            if token.is_keyword("FIELDS") {
                self.advance();
                self.advance();
                let kind = if self.keyword("ALL") {
                    FieldsKind::All
                } else if self.keyword("STANDARD") {
                    FieldsKind::Standard
                } else if self.keyword("CUSTOM") {
                    FieldsKind::Custom
                } else {
                    return Err(self.unexpected());
                };
                self.expect(&TokenKind::RightParen)?;
                return Ok(SelectItem::Fields {
                    kind,
                    offset: token.offset,
                });
            }
            if let Some(aggregate) = self.aggregate()? {
                return Ok(SelectItem::Aggregate(aggregate));
            }
            return Err(self.unexpected());
        }
        Ok(SelectItem::Field(self.field_path()?))
    }

    /// Parses `FUNCTION(field) [alias]` when the next token names an aggregate function.
    fn aggregate(&mut self) -> Result<Option<Aggregate>, SoqlError> {
        let token = self.peek().clone();
        let TokenKind::Identifier(name) = &token.kind else {
            return Ok(None);
        };
        let Some(function) = AggregateFunction::from_name(name) else {
            return Ok(None);
        };
        if self.peek_at(1).kind != TokenKind::LeftParen {
            return Ok(None);
        }
        self.advance();
        self.advance();
        let argument = if self.peek().kind == TokenKind::RightParen {
            if function != AggregateFunction::Count {
                return Err(self.unexpected());
            }
            None
        } else {
            Some(self.field_path()?)
        };
        self.expect(&TokenKind::RightParen)?;
        let alias = match &self.peek().kind {
            TokenKind::Identifier(text) if !is_reserved(text) => {
                let alias = text.clone();
                self.advance();
                Some(alias)
            }
            _ => None,
        };
        Ok(Some(Aggregate {
            function,
            argument,
            alias,
            offset: token.offset,
        }))
    }

    fn order_item(&mut self) -> Result<OrderItem, SoqlError> {
        let key = self.operand()?;
        let descending = if self.keyword("DESC") {
            true
        } else {
            self.keyword("ASC");
            false
        };
        let nulls_last = if self.keyword("NULLS") {
            if self.keyword("FIRST") {
                Some(false)
            } else if self.keyword("LAST") {
                Some(true)
            } else {
                return Err(self.unexpected());
            }
        } else {
            None
        };
        Ok(OrderItem {
            key,
            descending,
            nulls_last,
        })
    }

    fn operand(&mut self) -> Result<Operand, SoqlError> {
        if self.peek_at(1).kind == TokenKind::LeftParen
            && let Some(aggregate) = self.aggregate()?
        {
            return Ok(Operand::Aggregate(aggregate));
        }
        Ok(Operand::Field(self.field_path()?))
    }

    /// Parses a condition. SOQL requires parentheses to mix AND and OR at one level, so a
    /// sequence keeps the first connective it meets and any other one is an unexpected token.
    fn condition(&mut self) -> Result<Condition, SoqlError> {
        let first = self.unary_condition()?;
        let connective = if self.peek().is_keyword("AND") {
            "AND"
        } else if self.peek().is_keyword("OR") {
            "OR"
        } else {
            return Ok(first);
        };
        let mut parts = vec![first];
        loop {
            if self.keyword(connective) {
                parts.push(self.unary_condition()?);
            } else if self.peek().is_keyword("AND") || self.peek().is_keyword("OR") {
                return Err(self.unexpected());
            } else {
                break;
            }
        }
        Ok(if connective == "AND" {
            Condition::And(parts)
        } else {
            Condition::Or(parts)
        })
    }

    fn unary_condition(&mut self) -> Result<Condition, SoqlError> {
        if self.keyword("NOT") {
            return Ok(Condition::Not(Box::new(self.unary_condition()?)));
        }
        if self.peek().kind == TokenKind::LeftParen {
            self.advance();
            let inner = self.condition()?;
            self.expect(&TokenKind::RightParen)?;
            return Ok(inner);
        }
        self.comparison().map(Condition::Comparison)
    }

    fn comparison(&mut self) -> Result<Comparison, SoqlError> {
        let left = self.operand()?;
        let operator_token = self.peek().clone();
        let operator = match &operator_token.kind {
            TokenKind::Equal => Operator::Equal,
            TokenKind::NotEqual => Operator::NotEqual,
            TokenKind::Less => Operator::Less,
            TokenKind::LessEqual => Operator::LessEqual,
            TokenKind::Greater => Operator::Greater,
            TokenKind::GreaterEqual => Operator::GreaterEqual,
            _ if operator_token.is_keyword("LIKE") => Operator::Like,
            _ if operator_token.is_keyword("IN") => Operator::In,
            _ if operator_token.is_keyword("INCLUDES") => Operator::Includes,
            _ if operator_token.is_keyword("EXCLUDES") => Operator::Excludes,
            _ if operator_token.is_keyword("NOT") && self.peek_at(1).is_keyword("IN") => {
                self.advance();
                Operator::NotIn
            }
            _ => return Err(self.unexpected()),
        };
        self.advance();
        let right = match operator {
            Operator::In | Operator::NotIn | Operator::Includes | Operator::Excludes => {
                self.expect(&TokenKind::LeftParen)?;
                if self.peek().is_keyword("SELECT") {
                    let subquery = self.select_statement()?;
                    self.expect(&TokenKind::RightParen)?;
                    RightSide::Subquery(Box::new(subquery))
                } else {
                    let mut values = vec![self.literal()?];
                    while self.peek().kind == TokenKind::Comma {
                        self.advance();
                        values.push(self.literal()?);
                    }
                    self.expect(&TokenKind::RightParen)?;
                    RightSide::List(values)
                }
            }
            _ => RightSide::Literal(self.literal()?),
        };
        Ok(Comparison {
            left,
            operator,
            operator_offset: operator_token.offset,
            right,
        })
    }

    fn literal(&mut self) -> Result<Literal, SoqlError> {
        let token = self.peek().clone();
        let kind = match &token.kind {
            TokenKind::String(literal) => LiteralKind::String(literal.clone()),
            TokenKind::Number(text) => match Decimal::from_str(text) {
                Ok(number) => LiteralKind::Number(number),
                Err(_) => return Err(self.unexpected()),
            },
            TokenKind::Date(date) => LiteralKind::Date(*date),
            TokenKind::DateTime(moment) => LiteralKind::DateTime(*moment),
            TokenKind::Identifier(word) if word.eq_ignore_ascii_case("null") => LiteralKind::Null,
            TokenKind::Identifier(word) if word.eq_ignore_ascii_case("true") => {
                LiteralKind::Boolean(true)
            }
            TokenKind::Identifier(word) if word.eq_ignore_ascii_case("false") => {
                LiteralKind::Boolean(false)
            }
            TokenKind::Identifier(word) if is_relative_date(word) => {
                return self.relative_date(token.offset);
            }
            _ => return Err(self.unexpected()),
        };
        self.advance();
        Ok(Literal {
            kind,
            offset: token.offset,
        })
    }

    /// Parses `TODAY` or `LAST_N_DAYS:30`; the `_N_` forms need a number after a colon.
    fn relative_date(&mut self, offset: usize) -> Result<Literal, SoqlError> {
        let word = self.advance().text.to_ascii_uppercase();
        let needs_amount = word.contains("_N_") || word.starts_with("N_");
        let amount = if needs_amount {
            self.expect(&TokenKind::Colon)?;
            let (amount, _) = self.integer()?;
            Some(amount as i64)
        } else {
            None
        };
        Ok(Literal {
            kind: LiteralKind::Relative(RelativeDate { name: word, amount }),
            offset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_basic_select() {
        let query =
            parse("SELECT Id, Name FROM Account WHERE Name = 'Acme' ORDER BY Name DESC LIMIT 5")
                .expect("valid query");
        assert_eq!(query.select.len(), 2);
        assert_eq!(query.from.text, "Account");
        assert_eq!(query.limit, Some(5));
        assert!(query.order_by[0].descending);
    }

    #[test]
    fn doubled_quote_is_unexpected_token() {
        let error =
            parse("SELECT Id FROM Account WHERE Name = 'O''Dell'").expect_err("doubled quote");
        assert_eq!(error.error_code, MALFORMED_QUERY);
        assert!(
            error.message.ends_with("unexpected token: 'Dell'"),
            "{}",
            error.message
        );
    }

    #[test]
    fn mixed_and_or_needs_parentheses() {
        let error = parse("SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'")
            .expect_err("mixed connectives");
        assert!(
            error.message.ends_with("unexpected token: OR"),
            "{}",
            error.message
        );
    }

    #[test]
    fn parses_relative_date_with_amount() {
        let query =
            parse("SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:30").expect("valid");
        let Some(Condition::Comparison(comparison)) = query.where_clause else {
            panic!("expected a comparison");
        };
        assert_eq!(
            comparison.right,
            RightSide::Literal(Literal {
                kind: LiteralKind::Relative(RelativeDate {
                    name: "LAST_N_DAYS".into(),
                    amount: Some(30)
                }),
                offset: 43,
            })
        );
    }

    #[test]
    fn missing_from_is_unexpected_end() {
        let error = parse("SELECT Id").expect_err("no FROM");
        assert!(
            error.message.ends_with("unexpected token: <EOF>"),
            "{}",
            error.message
        );
    }
}
