//! Reads `#[migration(...)]` attributes from revision files, at token level, without compiling.
//!
//! Used by `include_versions!` at compile time and by `cargo migrate` (heads, history, revision,
//! merge) from the sources. Files are lexed with `proc-macro2`, so comments and string contents
//! never confuse the scanner; whatever it cannot read is an error, never a panic.

use std::path::Path;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use crate::map::{Location, Revision};

/// What the scanner read from one attribute value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string literal's value.
    Str(String),
    /// `None`.
    None,
    /// A parenthesised list of string literals: `("a", "b")`.
    List(Vec<String>),
    /// Anything else (the attribute macro reports it); the raw text.
    Other(String),
}

/// One revision file, scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedFile {
    /// The file's path relative to the scanned folder, `/`-separated: its name, e.g.
    /// `ae1027a6acf0_add_account.rs`, or `2024/ae1027a6acf0_add_account.rs` in a sub-folder.
    pub file_name: String,
    /// The module name `include_versions!` gives it: `v_` + that path without `.rs`, with
    /// every character that is not `[A-Za-z0-9_]` replaced by `_`.
    pub module: String,
    /// The revision its `#[migration]` declares, with `location` set (file relative to the
    /// crate root as given to [`scan_dir`], line of the attribute), and `name` the struct's name.
    /// Malformed values are kept as written so that messages can quote them.
    pub revision: Revision,
    /// The raw key/value pairs of the attribute, in order, for callers that need more.
    pub attributes: Vec<(String, Value)>,
    /// The checksum of the file's tokens ([`checksum`]).
    pub checksum: String,
}

/// Why a file or folder could not be scanned.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The folder cannot be read.
    #[error("cannot read migration folder {path}: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file cannot be read.
    #[error("cannot read {path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is not valid Rust tokens (unbalanced delimiters, bad literal).
    #[error("{path}: cannot tokenize the file: {message}")]
    Lex {
        /// The file.
        path: String,
        /// The lexer's message.
        message: String,
    },
    /// A file in the folder has no `#[migration(...)]` attribute.
    #[error(
        "{path} has no #[migration(...)] attribute: every .rs file in the versions folder defines exactly one migration; move helpers elsewhere"
    )]
    NoMigration {
        /// The file.
        path: String,
    },
    /// A file declares a malformed or reserved id (see [`crate::id::validate`]); the compiler
    /// reports it at the literal, readers of the sources leave the file out.
    #[error("{path}:{line}: malformed {role} {id:?}: {reason}")]
    MalformedId {
        /// The file.
        path: String,
        /// The line of its `#[migration]`.
        line: u32,
        /// `revision id` or `down_revision`.
        role: &'static str,
        /// The id as written.
        id: String,
        /// Why it is malformed.
        reason: String,
    },
    /// A file has more than one `#[migration(...)]`.
    #[error("{path} has {count} #[migration(...)] attributes: put one migration in each file")]
    SeveralMigrations {
        /// The file.
        path: String,
        /// How many were found.
        count: usize,
    },
}

/// Scans one file's source text. `path` is how the file is named in messages and locations
/// (e.g. `src/versions/x.rs`).
///
/// The attribute is an outer attribute at the top level of the file whose path ends in
/// `migration` (`#[migration(...)]`, `#[migrate_core::migration(...)]`). The struct name is
/// the identifier after the next `struct` (empty when there is none). The line is that of the
/// attribute's `#`.
pub fn scan_source(source: &str, path: &str) -> Result<ScannedFile, ScanError> {
    let tokens = lex(source).map_err(|message| ScanError::Lex {
        path: path.to_string(),
        message,
    })?;
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let found = find_migration_attributes(&trees);
    let (args, name) = match found.as_slice() {
        [] => {
            return Err(ScanError::NoMigration {
                path: path.to_string(),
            });
        }
        [one] => one.clone(),
        many => {
            return Err(ScanError::SeveralMigrations {
                path: path.to_string(),
                count: many.len(),
            });
        }
    };
    let attributes = parse_arguments(args);
    let line = attribute_lines(source).first().copied().unwrap_or(1);
    let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_string();
    let mut revision = Revision::new("", &[]);
    revision.name = name;
    revision.location = Some(Location {
        file: path.to_string(),
        line,
    });
    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in &attributes {
        if seen.contains(&key.as_str()) {
            continue; // the first one counts; the attribute macro reports the duplicate
        }
        seen.push(key);
        match key.as_str() {
            "revision" => revision.revision = value_text(value),
            "down_revision" => revision.down_revisions = value_list(value),
            "depends_on" => revision.depends_on = value_list(value),
            "branch_label" => revision.branch_labels = value_list(value),
            "replaces" => revision.replaces = value_list(value),
            "message" => revision.message = value_text(value),
            _ => {}
        }
    }
    Ok(ScannedFile {
        module: module_name(&file_name),
        file_name,
        revision,
        attributes,
        checksum: checksum(&tokens),
    })
}

impl ScannedFile {
    /// The first malformed id the file declares (its `revision`, then each `down_revision`), as
    /// a [`ScanError::MalformedId`].
    pub fn malformed_id(&self) -> Option<ScanError> {
        let rev = &self.revision;
        let ids = std::iter::once(("revision id", &rev.revision))
            .chain(rev.down_revisions.iter().map(|d| ("down_revision", d)));
        ids.into_iter().find_map(|(role, id)| {
            crate::id::validate(id).err().map(|reason| {
                let (path, line) = rev
                    .location
                    .as_ref()
                    .map_or((self.file_name.clone(), 1), |l| (l.file.clone(), l.line));
                ScanError::MalformedId {
                    path,
                    line,
                    role,
                    id: id.clone(),
                    reason,
                }
            })
        })
    }
}

/// The module name `include_versions!` gives a file: `v_` + the file stem, with every
/// character that is not `[A-Za-z0-9_]` replaced by `_`.
pub fn module_name(file_name: &str) -> String {
    let stem = match file_name.rfind('.') {
        Some(dot) if dot > 0 => &file_name[..dot],
        _ => file_name,
    };
    let mut out = String::from("v_");
    out.extend(stem.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '_'
        }
    }));
    out
}

/// Lexes a file, without a byte-order mark or a shebang line.
fn lex(source: &str) -> Result<TokenStream, String> {
    let mut text = source.strip_prefix('\u{feff}').unwrap_or(source);
    if text.starts_with("#!") && !text[2..].trim_start().starts_with('[') {
        text = text.find('\n').map_or("", |nl| &text[nl..]);
    }
    text.parse::<TokenStream>().map_err(|e| e.to_string())
}

/// The arguments and struct name of every top-level `#[…migration(…)]`.
fn find_migration_attributes(trees: &[TokenTree]) -> Vec<(TokenStream, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < trees.len() {
        if let Some(args) = migration_attribute(trees, i) {
            let name = struct_name(&trees[i + 2..]);
            out.push((args, name));
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// When `trees[i..]` starts with `#[path::migration(args)]`, the args.
fn migration_attribute(trees: &[TokenTree], i: usize) -> Option<TokenStream> {
    let (TokenTree::Punct(hash), Some(TokenTree::Group(group))) = (trees.get(i)?, trees.get(i + 1))
    else {
        return None;
    };
    if hash.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
    let (last, path) = inner.split_last()?;
    let TokenTree::Group(args) = last else {
        return None;
    };
    if args.delimiter() != Delimiter::Parenthesis {
        return None;
    }
    // The path: [::] ident (:: ident)*, ending in `migration`.
    let mut expect_ident = true;
    let mut last_ident = None;
    let mut k = 0;
    if matches!(path.first(), Some(TokenTree::Punct(p)) if p.as_char() == ':') {
        k = 2;
        if !matches!(path.get(1), Some(TokenTree::Punct(p)) if p.as_char() == ':') {
            return None;
        }
    }
    while k < path.len() {
        match (&path[k], expect_ident) {
            (TokenTree::Ident(id), true) => {
                last_ident = Some(id.to_string());
                expect_ident = false;
                k += 1;
            }
            (TokenTree::Punct(p), false)
                if p.as_char() == ':'
                    && p.spacing() == Spacing::Joint
                    && matches!(path.get(k + 1), Some(TokenTree::Punct(q)) if q.as_char() == ':') =>
            {
                expect_ident = true;
                k += 2;
            }
            _ => return None,
        }
    }
    (!expect_ident && last_ident.as_deref() == Some("migration")).then(|| args.stream())
}

/// The identifier after the first `struct` in `trees` (before the next `#[…migration…]`).
fn struct_name(trees: &[TokenTree]) -> String {
    for (k, t) in trees.iter().enumerate() {
        if migration_attribute(trees, k).is_some() {
            break;
        }
        if let TokenTree::Ident(id) = t
            && id == "struct"
        {
            if let Some(TokenTree::Ident(name)) = trees.get(k + 1) {
                let name = name.to_string();
                return name.strip_prefix("r#").map_or(name.clone(), str::to_string);
            }
            break;
        }
    }
    String::new()
}

/// Splits `key = value, …` into pairs. A piece that is not `ident = value` is kept with the
/// key it starts with (or an empty key) and its raw text as [`Value::Other`].
fn parse_arguments(args: TokenStream) -> Vec<(String, Value)> {
    let mut pieces: Vec<Vec<TokenTree>> = vec![Vec::new()];
    for t in args {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' => pieces.push(Vec::new()),
            _ => {
                if let Some(last) = pieces.last_mut() {
                    last.push(t);
                }
            }
        }
    }
    let mut out = Vec::new();
    for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
        match piece.as_slice() {
            [TokenTree::Ident(key), TokenTree::Punct(eq), value @ ..]
                if eq.as_char() == '=' && !value.is_empty() =>
            {
                out.push((key.to_string(), parse_value(value)));
            }
            [TokenTree::Ident(key), rest @ ..] => {
                out.push((key.to_string(), Value::Other(stream_text(rest))));
            }
            other => out.push((String::new(), Value::Other(stream_text(other)))),
        }
    }
    out
}

fn stream_text(trees: &[TokenTree]) -> String {
    trees.iter().cloned().collect::<TokenStream>().to_string()
}

fn parse_value(value: &[TokenTree]) -> Value {
    match value {
        [TokenTree::Ident(id)] if id == "None" => Value::None,
        [TokenTree::Literal(lit)] => match string_literal(&lit.to_string()) {
            Some(s) => Value::Str(s),
            None => Value::Other(lit.to_string()),
        },
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
            let mut items = Vec::new();
            let mut want_item = true;
            for t in g.stream() {
                match (&t, want_item) {
                    (TokenTree::Literal(lit), true) => match string_literal(&lit.to_string()) {
                        Some(s) => {
                            items.push(s);
                            want_item = false;
                        }
                        None => return Value::Other(stream_text(value)),
                    },
                    (TokenTree::Punct(p), false) if p.as_char() == ',' => want_item = true,
                    _ => return Value::Other(stream_text(value)),
                }
            }
            // A trailing comma is fine: `("a",)`.
            Value::List(items)
        }
        _ => Value::Other(stream_text(value)),
    }
}

/// The value of a string literal token (`"…"` or `r#"…"#`), or `None` for any other literal
/// (including byte strings, C strings and suffixed strings).
pub fn string_literal(text: &str) -> Option<String> {
    if let Some(raw) = text.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        let closing = format!("\"{}", "#".repeat(hashes));
        let inner = body.strip_suffix(closing.as_str())?;
        return Some(inner.to_string());
    }
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    unescape(inner)
}

/// Unescapes the inside of a normal Rust string literal.
fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            continue; // "\r\n" in a literal is a newline
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '\\' => out.push('\\'),
            '0' => out.push('\0'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let hex: String = [chars.next()?, chars.next()?].iter().collect();
                let v = u8::from_str_radix(&hex, 16).ok()?;
                if v > 0x7f {
                    return None;
                }
                out.push(char::from(v));
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut hex = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        '_' => {}
                        h => hex.push(h),
                    }
                }
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            '\n' | '\r' => {
                // A line continuation: skip the newline and the next line's leading whitespace.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The 1-based lines of every top-level outer attribute whose path ends in `migration` and
/// is followed by `(`, found by a small pass over the text that skips comments, strings and
/// character literals.
fn attribute_lines(source: &str) -> Vec<u32> {
    let b = source.as_bytes();
    let mut out = Vec::new();
    let mut depth: usize = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => i = skip_line(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => i = skip_block_comment(b, i),
            b'"' => i = skip_string(b, i + 1),
            b'\'' => i = skip_char_or_lifetime(b, i),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'#' => {
                if depth == 0 && is_migration_attribute(b, i + 1) {
                    let line = b[..i].iter().filter(|&&x| x == b'\n').count() + 1;
                    out.push(u32::try_from(line).unwrap_or(u32::MAX));
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = &b[start..i];
                let prefixed = matches!(word, b"r" | b"br" | b"cr" | b"b" | b"c");
                if prefixed && matches!(b.get(i), Some(b'"') | Some(b'#')) {
                    if word.ends_with(b"r") {
                        i = skip_raw_string(b, i);
                    } else if b.get(i) == Some(&b'"') {
                        i = skip_string(b, i + 1);
                    }
                } else if word == b"b" && b.get(i) == Some(&b'\'') {
                    i = skip_char_or_lifetime(b, i);
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn skip_line(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&x| x == b'\n')
        .map_or(b.len(), |p| i + p)
}

fn skip_block_comment(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
            depth = depth.saturating_sub(1);
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// Skips a string body starting after its opening quote; returns the index after the close.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Skips `#*"…"#*` starting at the first `#` or `"` after an `r`; a raw identifier (`r#x`)
/// is left alone.
fn skip_raw_string(b: &[u8], mut i: usize) -> usize {
    let start = i;
    while b.get(i) == Some(&b'#') {
        i += 1;
    }
    let hashes = i - start;
    if b.get(i) != Some(&b'"') {
        return i; // r#ident
    }
    i += 1;
    while i < b.len() {
        if b[i] == b'"'
            && b.len() >= i + 1 + hashes
            && b[i + 1..i + 1 + hashes].iter().all(|&x| x == b'#')
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    b.len()
}

/// At a `'`: skips a character literal, or just the quote of a lifetime or label.
fn skip_char_or_lifetime(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    if b.get(j) == Some(&b'\\') {
        j += 2;
        while j < b.len() && b[j] != b'\'' && b[j] != b'\n' {
            j += 1;
        }
        return (j + 1).min(b.len());
    }
    let width = match b.get(j) {
        Some(&x) if x < 0x80 => 1,
        Some(&x) if x >= 0xf0 => 4,
        Some(&x) if x >= 0xe0 => 3,
        Some(_) => 2,
        None => return b.len(),
    };
    j += width;
    if b.get(j) == Some(&b'\'') {
        j + 1
    } else {
        i + 1
    }
}

/// After a `#`: `[` (whitespace and comments allowed around), a path ending in `migration`,
/// then `(`.
fn is_migration_attribute(b: &[u8], mut i: usize) -> bool {
    i = skip_trivia(b, i);
    if b.get(i) != Some(&b'[') {
        return false;
    }
    i = skip_trivia(b, i + 1);
    let mut last: &[u8];
    loop {
        if b.get(i) == Some(&b':') && b.get(i + 1) == Some(&b':') {
            i = skip_trivia(b, i + 2);
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        if start == i {
            return false;
        }
        last = &b[start..i];
        i = skip_trivia(b, i);
        if b.get(i) == Some(&b':') && b.get(i + 1) == Some(&b':') {
            continue;
        }
        break;
    }
    last == b"migration" && b.get(i) == Some(&b'(')
}

fn skip_trivia(b: &[u8], mut i: usize) -> usize {
    loop {
        match b.get(i) {
            Some(x) if x.is_ascii_whitespace() => i += 1,
            Some(b'/') if b.get(i + 1) == Some(&b'/') => i = skip_line(b, i),
            Some(b'/') if b.get(i + 1) == Some(&b'*') => i = skip_block_comment(b, i),
            _ => return i,
        }
    }
}

/// The `*.rs` files below `dir`, in its sub-folders too (as Alembic's
/// `recursive_version_locations`), as `/`-separated paths relative to `dir`, sorted. Folders
/// whose name starts with `.` and symbolic links to folders are not entered.
pub fn rs_files(dir: &Path) -> Result<Vec<String>, ScanError> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), ScanError> {
        let folder_error = |source| ScanError::Folder {
            path: dir.display().to_string(),
            source,
        };
        for entry in std::fs::read_dir(dir).map_err(folder_error)? {
            let entry = entry.map_err(folder_error)?;
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let relative = format!("{prefix}{name}");
            let kind = entry.file_type().map_err(folder_error)?;
            if kind.is_dir() {
                if !name.starts_with('.') {
                    walk(&entry.path(), &format!("{relative}/"), out)?;
                }
            } else if name.ends_with(".rs")
                && (kind.is_file() || (kind.is_symlink() && entry.path().is_file()))
            {
                // A regular file needs no second look; a link counts when it leads to one.
                out.push(relative);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out)?;
    out.sort();
    Ok(out)
}

/// Scans every `*.rs` file below `dir` ([`rs_files`]), sorted by path. `display_dir` is how
/// the folder is named in messages (e.g. `src/versions`).
pub fn scan_dir(dir: &Path, display_dir: &str) -> Result<Vec<ScannedFile>, ScanError> {
    let shown = display_dir.trim_end_matches(['/', '\\']);
    let mut out = Vec::new();
    for relative in rs_files(dir)? {
        out.push(scan_file(dir, &relative, shown)?);
    }
    Ok(out)
}

/// Scans `relative` (a path from [`rs_files`]) below `dir`, named `<display_dir>/<relative>`
/// in messages.
pub fn scan_file(dir: &Path, relative: &str, display_dir: &str) -> Result<ScannedFile, ScanError> {
    let path = if display_dir.is_empty() {
        relative.to_owned()
    } else {
        format!("{display_dir}/{relative}")
    };
    let source = std::fs::read_to_string(dir.join(relative)).map_err(|source| ScanError::File {
        path: path.clone(),
        source,
    })?;
    let mut file = scan_source(&source, &path)?;
    file.module = module_name(relative);
    file.file_name = relative.to_owned();
    Ok(file)
}

/// The checksum of a file's tokens: 16 lowercase hex digits of a 64-bit FNV-1a hash over the
/// token trees, skipping doc comments (`#[doc = …]`, `#![doc = …]`) so that neither formatting
/// nor comments change it. Identical whether `proc-macro2` runs inside a proc macro or not.
pub fn checksum(tokens: &proc_macro2::TokenStream) -> String {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    hash_stream(&mut h, tokens.clone());
    format!("{:016x}", h.0)
}

/// The checksum of a source text: [`checksum`] of its tokens, or `None` when it does not lex.
pub fn checksum_source(source: &str) -> Option<String> {
    lex(source).ok().map(|t| checksum(&t))
}

/// The fingerprint of a set of applied revisions and their checksums: [`checksum`]'s hash over
/// each `(revision, checksum)` pair in the order given (callers sort them). Two sets share a
/// fingerprint only when they list the same revisions with the same checksums.
pub fn fingerprint<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for (revision, checksum) in pairs {
        h.bytes(revision.as_bytes());
        h.bytes(b"\0");
        h.bytes(checksum.as_bytes());
        h.bytes(b"\n");
    }
    format!("{:016x}", h.0)
}

struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, data: &[u8]) {
        for &b in data {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn hash_stream(h: &mut Fnv, stream: TokenStream) {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        if let Some(len) = doc_attribute_len(&trees[i..]) {
            i += len;
            continue;
        }
        match &trees[i] {
            TokenTree::Group(g) => {
                let (open, close): (&[u8], &[u8]) = match g.delimiter() {
                    Delimiter::Parenthesis => (b"(", b")"),
                    Delimiter::Bracket => (b"[", b"]"),
                    Delimiter::Brace => (b"{", b"}"),
                    Delimiter::None => (b"\x01", b"\x02"),
                };
                h.bytes(open);
                hash_stream(h, g.stream());
                h.bytes(close);
            }
            TokenTree::Ident(id) => {
                h.bytes(b"i");
                h.bytes(id.to_string().as_bytes());
                h.bytes(b"\xff");
            }
            TokenTree::Punct(p) => {
                let mut buf = [0u8; 4];
                h.bytes(b"p");
                h.bytes(p.as_char().encode_utf8(&mut buf).as_bytes());
            }
            TokenTree::Literal(l) => {
                h.bytes(b"l");
                h.bytes(l.to_string().as_bytes());
                h.bytes(b"\xff");
            }
        }
        i += 1;
    }
}

/// The number of tokens of a `#[doc = …]` or `#![doc = …]` at the start of `trees`.
fn doc_attribute_len(trees: &[TokenTree]) -> Option<usize> {
    let TokenTree::Punct(hash) = trees.first()? else {
        return None;
    };
    if hash.as_char() != '#' {
        return None;
    }
    let mut k = 1;
    if matches!(trees.get(1), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
        k = 2;
    }
    let TokenTree::Group(g) = trees.get(k)? else {
        return None;
    };
    if g.delimiter() != Delimiter::Bracket {
        return None;
    }
    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
    match inner.as_slice() {
        [
            TokenTree::Ident(doc),
            TokenTree::Punct(eq),
            TokenTree::Literal(_),
        ] if doc == "doc" && eq.as_char() == '=' => Some(k + 1),
        _ => None,
    }
}

/// A value as one string: the string, `None`'s empty string, or the raw text.
fn value_text(v: &Value) -> String {
    match v {
        Value::Str(s) => s.clone(),
        Value::None => String::new(),
        Value::List(l) => l.join(", "),
        Value::Other(t) => t.clone(),
    }
}

/// A value as a list: one string, none, the list, or the raw text.
fn value_list(v: &Value) -> Vec<String> {
    match v {
        Value::Str(s) => vec![s.clone()],
        Value::None => Vec::new(),
        Value::List(l) => l.clone(),
        Value::Other(t) => vec![t.clone()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r##"//! add account
//!
//! Revision ID: ae1027a6acf0
//! Revises: 1975ea83b712

use migrate_core::prelude::*;

// A comment mentioning #[migration(revision = "nope")] does not count.
/* nor does /* a nested */ block: #[migration(x)] */
const NOTE: &str = "#[migration(revision = \"nope\")]";

#[migration(revision = "ae1027a6acf0", down_revision = "1975ea83b712", message = "add account")]
pub struct AddAccount;

impl Migration for AddAccount {
    /// Upgrades.
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
"##;

    fn scan(src: &str) -> ScannedFile {
        scan_source(src, "src/versions/ae1027a6acf0_add_account.rs").unwrap()
    }

    fn attrs(args: &str) -> ScannedFile {
        scan(&format!("#[migration({args})]\nstruct S;\n"))
    }

    #[test]
    fn reads_a_revision_file() {
        let f = scan(FILE);
        assert_eq!(f.file_name, "ae1027a6acf0_add_account.rs");
        assert_eq!(f.module, "v_ae1027a6acf0_add_account");
        let r = &f.revision;
        assert_eq!(r.revision, "ae1027a6acf0");
        assert_eq!(r.down_revisions, ["1975ea83b712"]);
        assert_eq!(r.message, "add account");
        assert_eq!(r.name, "AddAccount");
        assert!(r.depends_on.is_empty() && r.branch_labels.is_empty());
        assert_eq!(
            r.location,
            Some(Location {
                file: "src/versions/ae1027a6acf0_add_account.rs".into(),
                line: 12,
            })
        );
        assert_eq!(
            f.attributes,
            [
                ("revision".to_string(), Value::Str("ae1027a6acf0".into())),
                (
                    "down_revision".to_string(),
                    Value::Str("1975ea83b712".into())
                ),
                ("message".to_string(), Value::Str("add account".into())),
            ]
        );
        assert_eq!(f.checksum.len(), 16);
        assert!(
            f.checksum
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }

    #[test]
    fn values() {
        let f = attrs(
            r###"revision = r#"a"b"#, down_revision = None, depends_on = ("x", "y",), branch_label = "l", message = "q\"\\\n\u{e9}\x41", transactional = false, odd"###,
        );
        assert_eq!(f.revision.revision, "a\"b");
        assert!(f.revision.down_revisions.is_empty());
        assert_eq!(f.revision.depends_on, ["x", "y"]);
        assert_eq!(f.revision.branch_labels, ["l"]);
        assert_eq!(f.revision.message, "q\"\\\n\u{e9}A");
        assert_eq!(f.attributes[1].1, Value::None);
        assert_eq!(
            f.attributes[5],
            ("transactional".into(), Value::Other("false".into()))
        );
        assert_eq!(f.attributes[6], ("odd".into(), Value::Other(String::new())));
    }

    #[test]
    fn merge_lists_and_other_values() {
        let f = attrs(r#"revision = "m", down_revision = ("a", "b")"#);
        assert_eq!(f.revision.down_revisions, ["a", "b"]);
        let f = attrs(r#"revision = 12, down_revision = ("a", 3), branch_label = ("x", "y")"#);
        assert_eq!(f.attributes[0].1, Value::Other("12".into()));
        assert_eq!(f.revision.revision, "12", "kept as written");
        assert!(matches!(&f.attributes[1].1, Value::Other(t) if t.contains('3')));
        assert_eq!(f.revision.branch_labels, ["x", "y"]);
        let f = attrs(r#"revision = b"x", down_revision = "a" "b""#);
        assert_eq!(f.attributes[0].1, Value::Other("b\"x\"".into()));
        assert!(matches!(&f.attributes[1].1, Value::Other(_)));
        let f = attrs(r#"revision = "a", down_revision = ()"#);
        assert_eq!(f.attributes[1].1, Value::List(vec![]));
    }

    #[test]
    fn replaces_of_a_squash() {
        let f = attrs(r#"revision = "s", down_revision = "a", replaces = ("b", "c")"#);
        assert_eq!(f.revision.replaces, ["b", "c"]);
        let f = attrs(r#"revision = "s", down_revision = "a", replaces = ("b")"#);
        assert_eq!(f.revision.replaces, ["b"], "a range of one revision");
        let f = attrs(r#"revision = "s", down_revision = "a""#);
        assert!(f.revision.replaces.is_empty());
    }

    #[test]
    fn lint_allows_are_accepted() {
        let src = "#[migration(revision = \"b\", down_revision = \"a\", allow(drop_column = \"unused, since 2026-10\", drop_table = \"x\"), message = \"m\")]\npub struct B;";
        let f = scan_source(src, "v/b.rs").expect("allow(...) scans");
        assert_eq!(f.revision.revision, "b");
        assert_eq!(f.revision.down_revisions, ["a"]);
        assert_eq!(
            f.revision.message, "m",
            "the comma inside allow(...) splits nothing"
        );
        assert!(
            matches!(&f.attributes[2], (key, Value::Other(text)) if key == "allow" && text.contains("drop_column"))
        );
    }

    #[test]
    fn unknown_and_duplicate_keys_are_kept_first_wins() {
        let f = attrs(r#"revision = "a", colour = "red", revision = "b""#);
        assert_eq!(f.revision.revision, "a");
        assert_eq!(f.attributes.len(), 3);
        assert_eq!(f.attributes[1], ("colour".into(), Value::Str("red".into())));
    }

    #[test]
    fn path_qualified_attribute_and_other_attributes() {
        let src = "\n#[derive(Debug)]\n#[::migrate_core::migration(revision = \"a\", down_revision = None)]\n#[allow(dead_code)]\npub(crate) struct First;\n";
        let f = scan(src);
        assert_eq!(f.revision.revision, "a");
        assert_eq!(f.revision.name, "First");
        assert_eq!(f.revision.location.unwrap().line, 3);
        let src = "#[migrate_core::migration(revision = \"b\")] struct R;";
        assert_eq!(scan(src).revision.location.unwrap().line, 1);
    }

    #[test]
    fn lines_skip_strings_chars_lifetimes_and_raw_strings() {
        let src = "fn f<'a>(x: &'a str) -> char { let _ = r#\"\n#[migration(\"#; let _ = b'#'; '\\n' }\n\n  # [ migration ( revision = \"z\" ) ]\nstruct Z;";
        let f = scan(src);
        assert_eq!(f.revision.revision, "z");
        assert_eq!(f.revision.location.unwrap().line, 4);
    }

    #[test]
    fn nested_attributes_do_not_count() {
        let src = "mod inner {\n#[migration(revision = \"x\")]\nstruct X;\n}\n";
        assert!(matches!(
            scan_source(src, "v/x.rs"),
            Err(ScanError::NoMigration { path }) if path == "v/x.rs"
        ));
    }

    #[test]
    fn errors() {
        assert!(matches!(
            scan_source("struct S;", "a.rs"),
            Err(ScanError::NoMigration { .. })
        ));
        let two =
            "#[migration(revision = \"a\")] struct A;\n#[migration(revision = \"b\")] struct B;";
        let e = scan_source(two, "a.rs").unwrap_err();
        assert!(matches!(e, ScanError::SeveralMigrations { count: 2, .. }));
        assert_eq!(
            e.to_string(),
            "a.rs has 2 #[migration(...)] attributes: put one migration in each file"
        );
        let e = scan_source("fn f() { (", "src/versions/x.rs").unwrap_err();
        assert!(matches!(e, ScanError::Lex { .. }));
        assert!(
            e.to_string()
                .starts_with("src/versions/x.rs: cannot tokenize the file: ")
        );
        // `#![migration(...)]` is an inner attribute, not a migration.
        assert!(scan_source("#![migration(revision = \"a\")]", "a.rs").is_err());
    }

    #[test]
    fn struct_name_may_be_missing() {
        let f = scan("#[migration(revision = \"a\")] enum E {}");
        assert_eq!(f.revision.name, "");
    }

    #[test]
    fn module_names() {
        assert_eq!(module_name("0001_create-user.rs"), "v_0001_create_user");
        assert_eq!(module_name("ae10 x.rs"), "v_ae10_x");
        assert_eq!(module_name("plain"), "v_plain");
    }

    #[test]
    fn checksum_ignores_whitespace_and_comments() {
        let base = scan(FILE).checksum;
        let reformatted = FILE
            .replace("    ", "\t\t")
            .replace("Result<()> {", "Result<()>\n{")
            .replace("//! add account", "//! a different doc comment")
            .replace("/// Upgrades.", "/** Other words. */")
            .replace("// A comment", "// Another comment");
        assert_ne!(reformatted, FILE);
        assert_eq!(scan(&reformatted).checksum, base);
        let no_docs: String = FILE
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(scan(&no_docs).checksum, base);
        assert_eq!(checksum_source(FILE).as_deref(), Some(base.as_str()));
    }

    #[test]
    fn fingerprint_binds_revisions_and_checksums() {
        let base = fingerprint([("a1", "0001"), ("b2", "0002")]);
        assert_eq!(base, fingerprint([("a1", "0001"), ("b2", "0002")]));
        assert_ne!(base, fingerprint([("a1", "0001"), ("b2", "0003")]));
        assert_ne!(base, fingerprint([("a1", "0001")]));
        assert_ne!(base, fingerprint([("a10", "001"), ("b2", "0002")]));
    }

    #[test]
    fn checksum_sees_token_changes() {
        let base = scan(FILE).checksum;
        for (from, to) in [
            ("SELECT 1", "SELECT 2"),
            ("op.execute", "op.run"),
            ("&self", "&mut self"),
            ("Result<()>", "Result<[()]>"),
        ] {
            let changed = FILE.replace(from, to);
            assert_ne!(scan(&changed).checksum, base, "{from} -> {to}");
        }
        // Token boundaries matter: `a b` is not `ab`.
        assert_ne!(checksum_source("a b"), checksum_source("ab"));
        assert_ne!(checksum_source("(a)"), checksum_source("[a]"));
        // A non-doc attribute is part of the checksum.
        assert_ne!(
            checksum_source("#[inline] fn f(){}"),
            checksum_source("fn f(){}")
        );
    }

    #[test]
    fn string_literals() {
        assert_eq!(string_literal(r#""plain""#).as_deref(), Some("plain"));
        assert_eq!(
            string_literal(r##"r#"raw "q""#"##).as_deref(),
            Some("raw \"q\"")
        );
        assert_eq!(string_literal(r#"r"x\n""#).as_deref(), Some("x\\n"));
        assert_eq!(
            string_literal(
                r#""a\
              b""#
            )
            .as_deref(),
            Some("ab")
        );
        assert_eq!(string_literal(r#"b"x""#), None);
        assert_eq!(string_literal("1"), None);
        assert_eq!(string_literal(r#""bad \q""#), None);
    }

    #[test]
    fn shebang_and_bom() {
        let f = scan("\u{feff}#!/usr/bin/env run\n#[migration(revision = \"a\")]\nstruct A;");
        assert_eq!(f.revision.revision, "a");
        assert_eq!(f.revision.location.unwrap().line, 2);
    }

    #[test]
    fn scan_dir_reads_rs_files_sorted() {
        let dir = std::env::temp_dir().join(format!("migrate-graph-scan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub.rs")).unwrap();
        let write = |name: &str, id: &str, down: &str| {
            std::fs::write(
                dir.join(name),
                format!("#[migration(revision = \"{id}\", down_revision = {down})]\nstruct S;\n"),
            )
            .unwrap();
        };
        write("0002_b.rs", "b", "\"a\"");
        write("0001_a.rs", "a", "None");
        std::fs::create_dir_all(dir.join("2026/q4")).unwrap();
        std::fs::create_dir_all(dir.join(".hidden")).unwrap();
        write("2026/q4/0004_d.rs", "d", "\"c\"");
        write("2026/0003_c.rs", "c", "\"b\"");
        write(".hidden/0009_x.rs", "x", "None");
        std::fs::write(dir.join("notes.txt"), "not rust").unwrap();
        let files = scan_dir(&dir, "src/versions/").unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
        assert_eq!(
            names,
            [
                "0001_a.rs",
                "0002_b.rs",
                "2026/0003_c.rs",
                "2026/q4/0004_d.rs"
            ]
        );
        assert_eq!(files[3].module, "v_2026_q4_0004_d");
        assert_eq!(
            files[3].revision.location.as_ref().unwrap().file,
            "src/versions/2026/q4/0004_d.rs"
        );
        assert_eq!(
            files[1].revision.location.as_ref().unwrap().file,
            "src/versions/0002_b.rs"
        );
        std::fs::write(dir.join("0003_helper.rs"), "fn helper() {}").unwrap();
        assert!(matches!(
            scan_dir(&dir, "src/versions"),
            Err(ScanError::NoMigration { path }) if path == "src/versions/0003_helper.rs"
        ));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(
            scan_dir(&dir, "src/versions"),
            Err(ScanError::Folder { .. })
        ));
    }
}
