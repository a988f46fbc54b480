//! `lint`: rules over the replayed operations, typed.
//!
//! The revisions are replayed as `schema` and `autogenerate` replay them, with one difference:
//! each statement an operation renders is parsed (sqlparser's AST) and shown to the rules with
//! the schema model before it and after it, the revision, and the `file:line` of the `op.…`
//! call that produced it (`#[track_caller]` on [`crate::Operations`]). SQLite's table copy is
//! one change (the model before the copy and after it). Raw SQL the replay cannot read is a
//! finding, and the lint goes on.
//!
//! The rules' codes, severities and texts are the catalog of [`migrate_graph::rules`]; a
//! migration silences one with `#[migration(…, allow(code = "reason"))]`, and the finding is
//! still shown, marked allowed, with the reason.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::Location;

use migrate_graph::Target;
use migrate_graph::rules::{self, Rule, Severity};
use migrate_schema::{Dialect, Schema, Table, normalize_type, types};
use sqlparser::ast::{
    AlterTableAlgorithm, AlterTableOperation, ObjectType, Set, Statement, TableConstraint,
};

use crate::error::{Error, Result};
use crate::registry::MigrationInfo;
use crate::replay::{ident, last, parse, statement_into, table_name};
use crate::runner::Migrator;

/// Which revisions `lint` reports on (the replay always runs from base).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The revisions not yet applied to the configured database (the default).
    Unapplied,
    /// Every revision (`--all`, and the default offline).
    All,
    /// The revisions of `start:end`, as `history -r` takes it.
    Range(String),
}

/// One thing a rule found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule.
    pub rule: &'static Rule,
    /// The revision whose upgrade does it.
    pub revision: String,
    /// The file of the `op.…` call, as the compiler names it (relative to the workspace it
    /// was built in); the migration's file for findings about the whole migration.
    pub file: String,
    /// The line of the `op.…` call (or of the `#[migration]` attribute).
    pub line: u32,
    /// What was found, naming the table and column.
    pub message: String,
    /// The reason of the migration's `allow(code = "reason")`, when it silences the rule.
    pub allowed: Option<String>,
}

impl Finding {
    /// True when it fails the lint: of error severity and not allowed.
    pub fn fails(&self) -> bool {
        self.rule.severity == Severity::Error && self.allowed.is_none()
    }
}

/// What `lint` found.
#[derive(Debug, Clone)]
pub struct LintReport {
    /// The dialect the revisions were replayed for.
    pub dialect: Dialect,
    /// The revisions reported on, in upgrade order.
    pub revisions: Vec<String>,
    /// The findings, in upgrade order, then by line.
    pub findings: Vec<Finding>,
}

impl LintReport {
    /// The findings that fail the lint (error severity, not allowed).
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.fails()).count()
    }

    /// The warnings that are not allowed.
    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.rule.severity == Severity::Warning && f.allowed.is_none())
            .count()
    }

    /// The findings a migration allows.
    pub fn allowed(&self) -> usize {
        self.findings.iter().filter(|f| f.allowed.is_some()).count()
    }

    /// The exit code: [`migrate_graph::contract::exit::CHECK`] when a finding fails, else OK.
    pub fn exit_code(&self) -> u8 {
        use migrate_graph::contract::exit;
        if self.errors() > 0 {
            exit::CHECK
        } else {
            exit::OK
        }
    }

    /// The readable form: `file:line: severity[code] message: explanation`, then the safer
    /// way; an allowed finding reads `allowed[code]` with its reason.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let label = match &f.allowed {
                Some(_) => "allowed",
                None => f.rule.severity.name(),
            };
            out.push_str(&format!(
                "{}:{}: {label}[{}] {}: {}\n",
                f.file, f.line, f.rule.code, f.message, f.rule.explanation
            ));
            match &f.allowed {
                Some(reason) => out.push_str(&format!("  = allowed: {reason}\n")),
                None => out.push_str(&format!("  = safer: {}\n", f.rule.safer)),
            }
        }
        out
    }

    /// The JSON form (keys in this order):
    ///
    /// ```text
    /// {"schema": 1, "dialect": "postgres", "revisions": ["…", …],
    ///  "findings": [{"code", "severity": "error" | "warning", "revision", "file", "line",
    ///                "message", "explanation", "safer", "allowed": null | "reason"}, …],
    ///  "errors": N, "warnings": N, "allowed": N}
    /// ```
    ///
    /// `errors` and `warnings` count the findings that are not allowed; `schema` is the version
    /// of this shape (a key is added without changing it; a change of meaning bumps it).
    pub fn to_json(&self) -> String {
        let s = |v: &str| serde_json::Value::String(v.to_string());
        let mut out = String::from("{\n  \"schema\": 1,\n");
        out.push_str(&format!("  \"dialect\": {},\n", s(self.dialect.name())));
        let revisions: Vec<String> = self.revisions.iter().map(|r| s(r).to_string()).collect();
        out.push_str(&format!("  \"revisions\": [{}],\n", revisions.join(", ")));
        out.push_str("  \"findings\": [");
        for (i, f) in self.findings.iter().enumerate() {
            let allowed = f
                .allowed
                .as_deref()
                .map_or("null".to_string(), |r| s(r).to_string());
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&format!(
                "    {{\"code\": {}, \"severity\": {}, \"revision\": {}, \"file\": {}, \"line\": {}, \"message\": {}, \"explanation\": {}, \"safer\": {}, \"allowed\": {allowed}}}",
                s(f.rule.code),
                s(f.rule.severity.name()),
                s(&f.revision),
                s(&f.file),
                f.line,
                s(&f.message),
                s(f.rule.explanation),
                s(f.rule.safer),
            ));
        }
        if !self.findings.is_empty() {
            out.push_str("\n  ");
        }
        out.push_str("],\n");
        out.push_str(&format!(
            "  \"errors\": {},\n  \"warnings\": {},\n  \"allowed\": {}\n}}\n",
            self.errors(),
            self.warnings(),
            self.allowed()
        ));
        out
    }

    /// GitHub Actions workflow commands: `::error file=…,line=…,title=…::…` (a warning is
    /// `::warning`, an allowed finding `::notice`), one a line.
    pub fn to_github(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let (level, title, text) = match &f.allowed {
                Some(reason) => (
                    "notice",
                    format!("{} (allowed)", f.rule.code),
                    format!("{} (allowed: {reason})", f.message),
                ),
                None => (
                    f.rule.severity.name(),
                    f.rule.code.to_string(),
                    format!(
                        "{}: {}. Safer: {}",
                        f.message, f.rule.explanation, f.rule.safer
                    ),
                ),
            };
            out.push_str(&format!(
                "::{level} file={},line={},title={}::{}\n",
                github_property(&f.file),
                f.line,
                github_property(&title),
                github_data(&text)
            ));
        }
        out
    }

    /// One line for the end of the run: `2 errors, 1 warning, 1 allowed in 7 revisions`.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}, {} allowed in {} (replayed for {})",
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning"),
            self.allowed(),
            plural(self.revisions.len(), "revision"),
            self.dialect.name()
        )
    }
}

/// A workflow command's message, escaped as GitHub's runner reads it.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (`file=`, `title=`), escaped.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Where a finding points.
#[derive(Debug, Clone)]
struct Site {
    file: String,
    line: u32,
}

/// The revision being replayed.
struct Current {
    info: &'static MigrationInfo,
    /// False for a revision replayed only to know the schema (already applied, or outside the
    /// range): its statements are applied, not linted.
    linted: bool,
    /// The tables that existed when the revision started (keys of the model).
    existing: BTreeSet<String>,
    /// The schemas and enum types that existed when the revision started.
    namespaces: BTreeSet<String>,
    enums: BTreeSet<String>,
    /// A `SET lock_timeout` or `SET statement_timeout` was seen.
    timeout: bool,
    /// `lock_timeout_missing` was reported for this revision.
    timeout_reported: bool,
    /// The first DDL statement, and the first data statement.
    ddl: Option<Site>,
    data: Option<Site>,
}

/// The rules, fed by the replay (see [`crate::Operations`]): one per lint run, across
/// revisions.
pub(crate) struct Linter {
    dialect: Dialect,
    current: Option<Current>,
    findings: Vec<Finding>,
    /// Constraints added `NOT VALID` and not validated since, as (table, name).
    not_valid: BTreeSet<(String, String)>,
    /// The models' schema, when the binary registers models.
    models: Option<Schema>,
}

/// True when the statement is a DDL statement (changes the schema).
fn is_ddl(statement: &Statement) -> bool {
    !matches!(
        statement,
        Statement::Insert(_)
            | Statement::Update(_)
            | Statement::Delete(_)
            | Statement::Query(_)
            | Statement::Set(_)
    )
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl Linter {
    fn new(dialect: Dialect, models: Option<Schema>) -> Linter {
        Linter {
            dialect,
            current: None,
            findings: Vec::new(),
            not_valid: BTreeSet::new(),
            models,
        }
    }

    /// Starts a revision on the schema `schema` (as the revisions before it leave it).
    fn begin(&mut self, info: &'static MigrationInfo, linted: bool, schema: &Schema) {
        self.current = Some(Current {
            info,
            linted,
            existing: schema.tables.keys().cloned().collect(),
            namespaces: schema.schemas.clone(),
            enums: schema.enums.values().map(|e| e.name.clone()).collect(),
            timeout: false,
            timeout_reported: false,
            ddl: None,
            data: None,
        });
        if linted && !info.has_downgrade {
            let site = self.attribute_site();
            self.report(
                "no_downgrade",
                site,
                format!("revision {} has no downgrade", info.revision),
            );
        }
    }

    /// Ends the revision: the findings about the migration as a whole.
    fn end(&mut self) {
        let Some(current) = self.current.take() else {
            return;
        };
        if let (true, Some(ddl), Some(data)) = (current.linted, &current.ddl, &current.data) {
            // Where each is, by line in the migration's file, else by file and line (a helper).
            let own = shown_path(current.info.file);
            let at = |site: &Site| match site.file == own {
                true => format!("line {}", site.line),
                false => format!("{}:{}", site.file, site.line),
            };
            let message = format!(
                "revision {} changes data ({}) and the schema ({})",
                current.info.revision,
                at(data),
                at(ddl)
            );
            self.current = Some(current);
            let site = self.attribute_site();
            self.report("mixed_schema_and_data", site, message);
            self.current = None;
        }
    }

    /// The `#[migration]` attribute of the current revision.
    fn attribute_site(&self) -> Site {
        match &self.current {
            Some(c) => Site {
                file: shown_path(c.info.file),
                line: c.info.line,
            },
            None => Site {
                file: String::new(),
                line: 0,
            },
        }
    }

    fn site(&self, caller: Option<&'static Location<'static>>) -> Site {
        match caller {
            Some(at) => Site {
                file: shown_path(at.file()),
                line: at.line(),
            },
            None => self.attribute_site(),
        }
    }

    fn linting(&self) -> bool {
        self.current.as_ref().is_some_and(|c| c.linted)
    }

    fn existed(&self, table: &str) -> bool {
        self.current
            .as_ref()
            .is_some_and(|c| c.existing.iter().any(|t| same(t, table)))
    }

    /// True when `name` exists now (`known`) but did not when the revision started: created
    /// by this migration, so it holds nothing yet.
    fn created_here(
        &self,
        name: &str,
        known: bool,
        at_start: impl Fn(&Current) -> &BTreeSet<String>,
    ) -> bool {
        known
            && self
                .current
                .as_ref()
                .is_some_and(|c| !at_start(c).contains(name))
    }

    fn report(&mut self, code: &'static str, site: Site, message: String) {
        let Some(current) = &self.current else {
            return;
        };
        let rule = rules::rule(code).expect("a code of the catalog");
        let allowed = current
            .info
            .allows
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, reason)| reason.to_string());
        let finding = Finding {
            rule,
            revision: current.info.revision.to_string(),
            file: site.file,
            line: site.line,
            message,
            allowed,
        };
        // The same fact twice (one line, one rule, one message) is one finding; findings of
        // one call are reported together, so the recent ones are enough to look at.
        if !self.findings.iter().rev().take(16).any(|f| *f == finding) {
            self.findings.push(finding);
        }
    }

    /// One rendered statement (or several, `;`-separated) of an operation: parsed, checked
    /// against the schema before and after it, and applied.
    pub(crate) fn statement(
        &mut self,
        schema: &mut Schema,
        sql: &str,
        caller: Option<&'static Location<'static>>,
        copying: bool,
    ) {
        let site = self.site(caller);
        let statements = match parse(self.dialect, sql) {
            Ok(statements) => statements,
            Err(why) => {
                if self.linting() {
                    self.report(
                        "unreadable_sql",
                        site,
                        format!("the replay cannot read `{}`: {why}", one_line(sql)),
                    );
                }
                return;
            }
        };
        for statement in statements {
            if !self.linting() {
                // Already applied or outside the range: only its effect counts.
                self.track_not_valid(&statement);
                let _ = statement_into(schema, statement);
                continue;
            }
            let before = if copying {
                None
            } else {
                Some(snapshot(self.dialect, schema, &statement))
            };
            let text = one_line(&statement.to_string());
            if let Err(why) = statement_into(schema, statement.clone()) {
                self.report(
                    "unreadable_sql",
                    site.clone(),
                    format!("the replay cannot interpret `{text}`: {why}"),
                );
                continue;
            }
            if let Some(before) = before {
                self.check(&statement, &before, schema, &site);
            }
        }
    }

    /// SQLite's table copy of `table`: one change from `before` to `after`.
    pub(crate) fn table_copy(
        &mut self,
        before: &Schema,
        after: &Schema,
        table: &str,
        caller: Option<&'static Location<'static>>,
    ) {
        if !self.linting() {
            return;
        }
        let site = self.site(caller);
        if self.existed(table) {
            self.report(
                "sqlite_table_copy",
                site.clone(),
                format!("rebuilds table {table} to change it"),
            );
        }
        self.compare_tables(None, before, after, &site);
    }

    /// The rules over one statement.
    fn check(&mut self, statement: &Statement, before: &Schema, after: &Schema, site: &Site) {
        let d = self.dialect;
        if let Some(current) = &mut self.current {
            if is_ddl(statement) {
                current.ddl.get_or_insert(site.clone());
            } else if !matches!(statement, Statement::Query(_) | Statement::Set(_)) {
                current.data.get_or_insert(site.clone());
            }
            if sets_timeout(statement) {
                current.timeout = true;
            }
        }
        // A table renamed by this migration is still the existing table under its new name.
        let renamed_to: Vec<String> = match statement {
            Statement::RenameTable(renames) => renames
                .iter()
                .filter(|r| self.existed(&table_name(d, &r.old_name)))
                .map(|r| table_name(d, &r.new_name))
                .collect(),
            Statement::AlterTable(alter) if self.existed(&table_name(d, &alter.name)) => alter
                .operations
                .iter()
                .filter_map(|o| match o {
                    AlterTableOperation::RenameTable {
                        table_name:
                            sqlparser::ast::RenameTableNameKind::As(n)
                            | sqlparser::ast::RenameTableNameKind::To(n),
                    } => Some(table_name(d, n)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        if let Some(current) = &mut self.current {
            current.existing.extend(renamed_to);
        }
        let touched = touched_table(d, statement).filter(|t| self.existed(t));
        if d == Dialect::Postgres
            && let Some(table) = &touched
        {
            self.lock_timeout(table, site);
        }
        match statement {
            Statement::Drop {
                object_type, names, ..
            } => {
                for name in names {
                    match object_type {
                        ObjectType::Table => {
                            let table = table_name(d, name);
                            if self.existed(&table) {
                                self.report(
                                    "drop_table",
                                    site.clone(),
                                    format!("drops table {table}"),
                                );
                            }
                        }
                        ObjectType::Schema | ObjectType::Database => {
                            let namespace = last(d, name);
                            if !self.created_here(
                                &namespace,
                                before.schemas.contains(&namespace),
                                |c| &c.namespaces,
                            ) {
                                self.report(
                                    "drop_schema",
                                    site.clone(),
                                    format!("drops schema {namespace}"),
                                );
                            }
                        }
                        ObjectType::Type => {
                            let ty = last(d, name);
                            let known = before.enums.values().any(|e| e.name == ty);
                            if !self.created_here(&ty, known, |c| &c.enums) {
                                self.report(
                                    "drop_enum",
                                    site.clone(),
                                    format!("drops enum type {ty}"),
                                );
                            }
                        }
                        _ => {}
                    }
                }
            }
            Statement::RenameTable(renames) => {
                for rename in renames {
                    let from = table_name(d, &rename.old_name);
                    if self.existed(&from) {
                        let to = table_name(d, &rename.new_name);
                        self.report(
                            "rename_table",
                            site.clone(),
                            format!("renames table {from} to {to}"),
                        );
                    }
                }
            }
            Statement::CreateIndex(index) => {
                let table = table_name(d, &index.table_name);
                if d == Dialect::Postgres && !index.concurrently && self.existed(&table) {
                    let name = index.name.as_ref().map(|n| last(d, n)).unwrap_or_default();
                    self.report(
                        "create_index_blocking",
                        site.clone(),
                        format!("creates index {name} on {table} without CONCURRENTLY"),
                    );
                }
            }
            Statement::AlterTable(alter) => {
                let table = table_name(d, &alter.name);
                if self.existed(&table) {
                    self.alter_table(&table, &alter.operations, before, after, site);
                }
            }
            _ => {}
        }
        self.track_not_valid(statement);
        self.compare_tables(Some(statement), before, after, site);
    }

    /// Follows the constraints added `NOT VALID` until a `VALIDATE CONSTRAINT`.
    fn track_not_valid(&mut self, statement: &Statement) {
        let d = self.dialect;
        let Statement::AlterTable(alter) = statement else {
            return;
        };
        let table = table_name(d, &alter.name).to_lowercase();
        for operation in &alter.operations {
            match operation {
                AlterTableOperation::AddConstraint {
                    constraint,
                    not_valid: true,
                } => {
                    let name = match constraint {
                        TableConstraint::ForeignKey(fk) => fk.name.as_ref(),
                        TableConstraint::Check(check) => check.name.as_ref(),
                        _ => None,
                    };
                    if let Some(name) = name {
                        self.not_valid
                            .insert((table.clone(), ident(d, name).to_lowercase()));
                    }
                }
                AlterTableOperation::ValidateConstraint { name } => {
                    self.not_valid
                        .remove(&(table.clone(), ident(d, name).to_lowercase()));
                }
                _ => {}
            }
        }
    }

    /// PostgreSQL: DDL on an existing table with no timeout set before it in the migration.
    fn lock_timeout(&mut self, table: &str, site: &Site) {
        let Some(current) = &mut self.current else {
            return;
        };
        if current.timeout || current.timeout_reported {
            return;
        }
        current.timeout_reported = true;
        self.report(
            "lock_timeout_missing",
            site.clone(),
            format!("changes table {table} with no lock_timeout or statement_timeout set before"),
        );
    }

    /// The statement-level rules of an `ALTER TABLE` on an existing table.
    fn alter_table(
        &mut self,
        table: &str,
        operations: &[AlterTableOperation],
        before: &Schema,
        after: &Schema,
        site: &Site,
    ) {
        let d = self.dialect;
        let explicit = operations.iter().find_map(|o| match o {
            AlterTableOperation::Algorithm { algorithm, .. } => Some(algorithm),
            _ => None,
        });
        // MySQL refuses, instead of copying, a change asked for INPLACE or INSTANT.
        let may_copy = !matches!(
            explicit,
            Some(AlterTableAlgorithm::Inplace | AlterTableAlgorithm::Instant)
        );
        let mut copy_why: Option<String> = None;
        if explicit == Some(&AlterTableAlgorithm::Copy) {
            copy_why = Some("asks for ALGORITHM=COPY".into());
        }
        for operation in operations {
            match operation {
                AlterTableOperation::RenameTable { table_name: to } => {
                    let to = match to {
                        sqlparser::ast::RenameTableNameKind::As(n)
                        | sqlparser::ast::RenameTableNameKind::To(n) => table_name(d, n),
                    };
                    self.report(
                        "rename_table",
                        site.clone(),
                        format!("renames table {table} to {to}"),
                    );
                }
                AlterTableOperation::RenameColumn {
                    old_column_name,
                    new_column_name,
                } => self.report(
                    "rename_column",
                    site.clone(),
                    format!(
                        "renames column {table}.{} to {}",
                        ident(d, old_column_name),
                        ident(d, new_column_name)
                    ),
                ),
                AlterTableOperation::ChangeColumn {
                    old_name, new_name, ..
                } if !same(&ident(d, old_name), &ident(d, new_name)) => self.report(
                    "rename_column",
                    site.clone(),
                    format!(
                        "renames column {table}.{} to {}",
                        ident(d, old_name),
                        ident(d, new_name)
                    ),
                ),
                AlterTableOperation::AddConstraint {
                    constraint,
                    not_valid,
                } => {
                    let (kind, name) = match constraint {
                        TableConstraint::ForeignKey(fk) => ("foreign key", fk.name.as_ref()),
                        TableConstraint::Check(check) => ("check constraint", check.name.as_ref()),
                        _ => continue,
                    };
                    let name = name.map(|n| ident(d, n)).unwrap_or_default();
                    if !*not_valid && d == Dialect::Postgres {
                        self.report(
                            "constraint_without_not_valid",
                            site.clone(),
                            format!("adds {kind} {name} to {table} without NOT VALID"),
                        );
                    }
                    if d == Dialect::Mysql && kind == "foreign key" && copy_why.is_none() {
                        copy_why = Some(format!("adds foreign key {name}"));
                    }
                }
                AlterTableOperation::DropPrimaryKey { .. } => {
                    let adds = operations.iter().any(|o| {
                        matches!(
                            o,
                            AlterTableOperation::AddConstraint {
                                constraint: TableConstraint::PrimaryKey(_),
                                ..
                            }
                        )
                    });
                    if !adds && copy_why.is_none() {
                        copy_why = Some("drops the primary key without adding another".into());
                    }
                }
                AlterTableOperation::ModifyColumn { col_name, .. }
                | AlterTableOperation::ChangeColumn {
                    new_name: col_name, ..
                } => {
                    let old = match operation {
                        AlterTableOperation::ChangeColumn { old_name, .. } => ident(d, old_name),
                        _ => ident(d, col_name),
                    };
                    let new = ident(d, col_name);
                    let from = column_type(before, table, &old);
                    let to = column_type(after, table, &new);
                    if let (Some(from), Some(to)) = (from, to)
                        && !types::in_place_on_mysql(&from, &to)
                        && copy_why.is_none()
                    {
                        copy_why = Some(format!(
                            "changes the type of {table}.{new} from {from} to {to}"
                        ));
                    }
                }
                _ => {}
            }
        }
        if d == Dialect::Mysql
            && may_copy
            && let Some(why) = copy_why
        {
            self.report(
                "mysql_algorithm_copy",
                site.clone(),
                format!("ALTER TABLE {table} {why}"),
            );
        }
    }

    /// The rules over what a change did to each existing table: columns dropped or added,
    /// made NOT NULL, of a narrower or rewriting type; unique keys and checks added.
    fn compare_tables(
        &mut self,
        statement: Option<&Statement>,
        before: &Schema,
        after: &Schema,
        site: &Site,
    ) {
        let d = self.dialect;
        let renamed = statement.map(renamed_columns).unwrap_or_default();
        let not_valid_add = statement.is_some_and(|s| {
            matches!(s, Statement::AlterTable(a) if a.operations.iter().any(|o| matches!(o, AlterTableOperation::AddConstraint { not_valid: true, .. })))
        });
        for (key, old) in &before.tables {
            if !self.existed(key) {
                continue;
            }
            let Some(new) = after.tables.get(key) else {
                continue;
            };
            if old == new {
                continue;
            }
            let t = &old.name;
            for column in &old.columns {
                let kept = new.column(&column.name).is_some()
                    || renamed.iter().any(|(from, _)| same(from, &column.name));
                if kept {
                    continue;
                }
                self.report(
                    "drop_column",
                    site.clone(),
                    format!("drops column {t}.{}", column.name),
                );
                if self.declared(t, &column.name) {
                    self.report(
                        "drop_column_in_use",
                        site.clone(),
                        format!("drops column {t}.{}", column.name),
                    );
                }
            }
            for column in &new.columns {
                let renamed_to = renamed.iter().find(|(_, to)| same(to, &column.name));
                let previous = match renamed_to {
                    Some((from, _)) => old.column(from),
                    None => old.column(&column.name),
                };
                let Some(previous) = previous else {
                    if !column.nullable && column.default.is_none() && !column.auto_increment {
                        self.report(
                            "add_not_null_column",
                            site.clone(),
                            format!("adds column {t}.{} NOT NULL without a default", column.name),
                        );
                    }
                    continue;
                };
                if previous.nullable
                    && !column.nullable
                    && !self.has_validated_not_null(key, old, &column.name)
                {
                    // A validated CHECK (column IS NOT NULL) proves there is no NULL to fail on.
                    self.report(
                        "set_not_null",
                        site.clone(),
                        format!("makes column {t}.{} NOT NULL", column.name),
                    );
                    if d == Dialect::Postgres {
                        self.report(
                            "set_not_null_scan",
                            site.clone(),
                            format!(
                                "sets {t}.{} NOT NULL with no validated CHECK ({} IS NOT NULL)",
                                column.name, column.name
                            ),
                        );
                    }
                }
                let from = normalize_type(d, &previous.column_type);
                let to = normalize_type(d, &column.column_type);
                if from != to {
                    if d != Dialect::Sqlite && types::narrows(&from, &to) {
                        self.report(
                            "narrow_type",
                            site.clone(),
                            format!("narrows column {t}.{} from {from} to {to}", column.name),
                        );
                    }
                    if d == Dialect::Postgres && types::rewrites_on_postgres(&from, &to) {
                        self.report(
                            "column_type_rewrite",
                            site.clone(),
                            format!(
                                "changes column {t}.{} from {from} to {to}, which rewrites the table",
                                column.name
                            ),
                        );
                    }
                }
            }
            let unique_keys = |t: &Table| -> Vec<Vec<String>> {
                t.uniques
                    .iter()
                    .map(|u| lower(&u.columns))
                    .chain(t.indexes.iter().filter(|i| i.unique).map(|i| {
                        lower(
                            &i.parts
                                .iter()
                                .map(|p| match &p.key {
                                    migrate_schema::IndexKey::Column(c) => c.clone(),
                                    migrate_schema::IndexKey::Expression(e) => e.clone(),
                                })
                                .collect::<Vec<_>>(),
                        )
                    }))
                    .collect()
            };
            let (old_keys, new_keys) = (unique_keys(old), unique_keys(new));
            for key_columns in &new_keys {
                if !old_keys.contains(key_columns) {
                    self.report(
                        "add_unique",
                        site.clone(),
                        format!("adds a unique key on {t} ({})", key_columns.join(", ")),
                    );
                }
            }
            for check in &new.checks {
                let known = old
                    .checks
                    .iter()
                    .any(|c| c.name == check.name && c.expression == check.expression);
                let not_valid_on_postgres = d == Dialect::Postgres && not_valid_add;
                if !known && !not_valid_on_postgres {
                    let name = check.name.clone().unwrap_or_default();
                    self.report(
                        "add_check",
                        site.clone(),
                        format!("adds check constraint {name} on {t} ({})", check.expression),
                    );
                }
            }
        }
    }

    /// True when the models declare `table.column`.
    fn declared(&self, table: &str, column: &str) -> bool {
        self.models.as_ref().is_some_and(|m| {
            m.tables
                .values()
                .any(|t| same(&t.name, table) && t.column(column).is_some())
        })
    }

    /// True when `table` has a validated `CHECK (column IS NOT NULL)`.
    fn has_validated_not_null(&self, key: &str, table: &Table, column: &str) -> bool {
        table.checks.iter().any(|c| {
            let expression = c.expression.to_lowercase().replace(['"', '(', ')'], "");
            let wanted = format!("{} is not null", column.to_lowercase());
            expression.trim() == wanted
                && !c.name.as_ref().is_some_and(|n| {
                    self.not_valid
                        .contains(&(key.to_lowercase(), n.to_lowercase()))
                })
        })
    }
}

/// True for `SET [SESSION|LOCAL] lock_timeout|statement_timeout …`.
fn sets_timeout(statement: &Statement) -> bool {
    let Statement::Set(Set::SingleAssignment { variable, .. }) = statement else {
        return false;
    };
    let name = variable.to_string().to_lowercase();
    name == "lock_timeout" || name == "statement_timeout"
}

/// The columns a statement renames, as (from, to).
fn renamed_columns(statement: &Statement) -> Vec<(String, String)> {
    let Statement::AlterTable(alter) = statement else {
        return Vec::new();
    };
    alter
        .operations
        .iter()
        .filter_map(|o| match o {
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => Some((old_column_name.value.clone(), new_column_name.value.clone())),
            AlterTableOperation::ChangeColumn {
                old_name, new_name, ..
            } => Some((old_name.value.clone(), new_name.value.clone())),
            _ => None,
        })
        .collect()
}

/// The table a DDL statement locks (ALTER TABLE, CREATE INDEX, DROP TABLE, a rename).
fn touched_table(d: Dialect, statement: &Statement) -> Option<String> {
    match statement {
        Statement::AlterTable(alter) => Some(table_name(d, &alter.name)),
        Statement::CreateIndex(index) => Some(table_name(d, &index.table_name)),
        Statement::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } => names.first().map(|n| table_name(d, n)),
        Statement::RenameTable(renames) => renames.first().map(|r| table_name(d, &r.old_name)),
        _ => None,
    }
}

/// The part of `schema` that `statement` can change, for the rules to compare with the
/// schema after it: the tables it names, with every schema and enum type (the whole schema for
/// a statement of another kind). Cloning only these keeps a long history linear.
fn snapshot(d: Dialect, schema: &Schema, statement: &Statement) -> Schema {
    let named: Option<Vec<String>> = match statement {
        Statement::AlterTable(alter) => Some(vec![table_name(d, &alter.name)]),
        Statement::CreateIndex(index) => Some(vec![table_name(d, &index.table_name)]),
        Statement::Drop { names, .. } => Some(names.iter().map(|n| table_name(d, n)).collect()),
        Statement::RenameTable(renames) => {
            Some(renames.iter().map(|r| table_name(d, &r.old_name)).collect())
        }
        Statement::CreateTable(_)
        | Statement::Insert(_)
        | Statement::Update(_)
        | Statement::Delete(_)
        | Statement::Query(_)
        | Statement::Set(_) => Some(Vec::new()),
        _ => None,
    };
    let Some(named) = named else {
        return schema.clone();
    };
    Schema {
        dialect: schema.dialect,
        schemas: schema.schemas.clone(),
        enums: schema.enums.clone(),
        tables: schema
            .tables
            .iter()
            .filter(|(key, t)| named.iter().any(|n| same(n, key) || same(n, &t.name)))
            .map(|(key, t)| (key.clone(), t.clone()))
            .collect(),
    }
}

fn column_type(schema: &Schema, table: &str, column: &str) -> Option<String> {
    let t = schema.tables.values().find(|t| same(&t.name, table))?;
    let c = t.columns.iter().find(|c| same(&c.name, column))?;
    Some(normalize_type(schema.dialect, &c.column_type))
}

fn lower(names: &[String]) -> Vec<String> {
    names.iter().map(|n| n.to_lowercase()).collect()
}

/// A source path as the compiler names it, relative to the current directory when it is
/// inside it (what an editor and GitHub's annotations resolve from the repository's root).
fn shown_path(file: &str) -> String {
    let path = std::path::Path::new(file);
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| file.to_string())
}

/// SQL on one line, for a message.
fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Migrator {
    /// Lints the revisions of `selection`: every revision is replayed from base in memory
    /// (no database is changed; [`Selection::Unapplied`] reads the version table), and the
    /// rules see each statement of the selected ones. Findings of rules a migration allows are
    /// kept, marked allowed.
    pub async fn lint(&self, selection: &Selection) -> Result<LintReport> {
        let map = self.registry().map();
        let dialect: Dialect = self.dialect().into();
        let selected: Option<BTreeSet<String>> = match selection {
            Selection::All => None,
            Selection::Unapplied => {
                let current = self.current().await?;
                let plan = map.plan_upgrade(&current, &Target::Heads)?;
                Some(plan.steps.iter().map(|s| s.revision.clone()).collect())
            }
            Selection::Range(range) => {
                let (start, end) = range.split_once(':').ok_or_else(|| {
                    Error::Config(format!(
                        "invalid lint range {range:?}: expected [start]:[end], e.g. `ae10:head` or `base:`"
                    ))
                })?;
                Some(
                    map.history_range(start, end)?
                        .into_iter()
                        .map(|r| r.revision.clone())
                        .collect(),
                )
            }
        };
        let models = crate::autogenerate::desired(dialect).ok().map(|(s, _)| s);
        let mut linter = Linter::new(dialect, models);
        let mut schema = Schema::new(dialect);
        let mut revisions = Vec::new();
        let plan = map.plan_upgrade(&[], &Target::Heads)?;
        for step in &plan.steps {
            if step.revision.is_empty() {
                continue;
            }
            let info = self
                .registry()
                .get(&step.revision)
                .ok_or_else(|| Error::UnknownCurrent(step.revision.clone()))?;
            let linted = selected.as_ref().is_none_or(|s| s.contains(info.revision));
            if linted {
                revisions.push(info.revision.to_string());
            }
            linter.begin(info, linted, &schema);
            let failed = {
                let mut op =
                    crate::ops::Operations::linted(self.dialect(), &mut schema, &mut linter);
                let outcome = match (info.upgrade)(&mut op).await {
                    Ok(()) => op.finish().await,
                    Err(error) => Err(error),
                };
                outcome.err().map(|error| (error, op.last_caller()))
            };
            if let Some((error, caller)) = failed
                && linted
            {
                let site = linter.site(caller);
                linter.report(
                    "unreadable_sql",
                    site,
                    format!("the replay of revision {} stopped: {error}", info.revision),
                );
            }
            linter.end();
        }
        let order: BTreeMap<&str, usize> = revisions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.as_str(), i))
            .collect();
        let mut findings = linter.findings;
        findings.sort_by_key(|f| {
            (
                order.get(f.revision.as_str()).copied(),
                f.file.clone(),
                f.line,
            )
        });
        Ok(LintReport {
            dialect,
            revisions,
            findings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_in_every_spelling() {
        for sql in [
            "SET lock_timeout = '5s'",
            "SET lock_timeout TO '5s'",
            "SET LOCAL lock_timeout = '5s'",
            "SET SESSION statement_timeout = 1000",
        ] {
            let statements = parse(Dialect::Postgres, sql).unwrap();
            assert!(sets_timeout(&statements[0]), "{sql}");
        }
        let other = parse(Dialect::Postgres, "SET search_path = app").unwrap();
        assert!(!sets_timeout(&other[0]));
    }

    #[test]
    fn github_escapes_what_its_runner_reads_specially() {
        assert_eq!(github_data("50% done\nnext\r"), "50%25 done%0Anext%0D");
        assert_eq!(
            github_property("src/a:b,c.rs"),
            "src/a%3Ab%2Cc.rs",
            "a property also escapes its separators"
        );
    }

    #[test]
    fn a_finding_fails_only_as_an_error_not_allowed() {
        let finding = |code: &str, allowed: Option<&str>| Finding {
            rule: rules::rule(code).unwrap(),
            revision: "a".into(),
            file: "f.rs".into(),
            line: 1,
            message: String::new(),
            allowed: allowed.map(str::to_string),
        };
        let report = LintReport {
            dialect: Dialect::Sqlite,
            revisions: vec!["a".into()],
            findings: vec![
                finding("drop_table", Some("why")),
                finding("no_downgrade", None),
            ],
        };
        assert_eq!(
            (report.errors(), report.warnings(), report.allowed()),
            (0, 1, 1)
        );
        assert_eq!(report.exit_code(), migrate_graph::contract::exit::OK);
        let report = LintReport {
            findings: vec![finding("drop_table", None)],
            ..report
        };
        assert_eq!(report.exit_code(), migrate_graph::contract::exit::CHECK);
        assert_eq!(
            report.summary(),
            "1 error, 0 warnings, 0 allowed in 1 revision (replayed for sqlite)"
        );
    }
}
