//! Never print a password: URL redaction and the scrubbing of messages we did not write.
//!
//! Shared by `cargo migrate` and the migrations binary, so both hide the same things. It errs on
//! the side of hiding: a password with an unescaped `/`, `?` or `@`, a URL typed without its
//! scheme (`user:password@host/db`), and every query parameter named `*password*`.

/// The URL with its password replaced by `***`: `postgres://app:***@db/app`. Anything without a
/// password comes back unchanged.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None if url.starts_with("sqlite:") => return url.to_string(),
        None => (None, url),
    };
    let (userinfo, tail) = match userinfo_end(rest) {
        Some(at) => (&rest[..at], &rest[at..]),
        None => ("", rest),
    };
    let userinfo = match userinfo.split_once(':') {
        Some((user, _password)) => format!("{user}:***"),
        None => userinfo.to_string(),
    };
    let mut tail = tail.to_string();
    if let Some(query_start) = tail.find('?') {
        let (path, query) = tail.split_at(query_start);
        let query: Vec<String> = query[1..]
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.to_ascii_lowercase().contains("password") => {
                    format!("{key}=***")
                }
                _ => pair.to_string(),
            })
            .collect();
        tail = format!("{path}?{}", query.join("&"));
    }
    match scheme {
        Some(scheme) => format!("{scheme}://{userinfo}{tail}"),
        None => format!("{userinfo}{tail}"),
    }
}

/// Where the `user:password` part of `rest` (the URL after `scheme://`) ends: at its `@`.
pub fn userinfo_end(rest: &str) -> Option<usize> {
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if let Some(at) = rest[..authority_end].rfind('@') {
        return Some(at);
    }
    // An `@` past a `/`, `?` or `#`: a password holding one of them unescaped, unless the `@`
    // is inside a query parameter's value.
    let query_start = rest.find('?').unwrap_or(rest.len());
    if let Some(at) = rest[..query_start].rfind('@') {
        return Some(at);
    }
    let at = rest.rfind('@')?;
    (!rest[..at].contains('=')).then_some(at)
}

/// The passwords in `texts` that are URLs (as written and percent-decoded) and the values of
/// their `*password*` query parameters, longest first, for [`scrub`].
pub fn secrets<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    for text in texts {
        if !text.contains('@') && !text.to_ascii_lowercase().contains("password=") {
            continue;
        }
        let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
        if let Some(at) = userinfo_end(rest)
            && let Some((_, password)) = rest[..at].split_once(':')
        {
            out.push(password.to_string());
        }
        if let Some((_, query)) = rest.split_once('?') {
            for pair in query.split('&') {
                if let Some((key, value)) = pair.split_once('=')
                    && key.to_ascii_lowercase().contains("password")
                {
                    out.push(value.to_string());
                }
            }
        }
    }
    let decoded: Vec<String> = out.iter().map(|s| percent_decode(s)).collect();
    out.extend(decoded);
    out.retain(|s| s.len() >= 4);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// True when `url` holds a password written out: a non-empty password in its `user:password@`
/// part or a `*password*` query parameter, once every `${NAME}` placeholder (expanded from the
/// environment or `.env` when the URL is used) is left out.
pub fn has_clear_password(url: &str) -> bool {
    let mut literal = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(start) = rest.find("${") {
        literal.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    literal.push_str(rest);
    let rest = literal
        .split_once("://")
        .map_or(literal.as_str(), |(_, r)| r);
    let in_userinfo = userinfo_end(rest)
        .and_then(|at| rest[..at].split_once(':'))
        .is_some_and(|(_, password)| !password.is_empty());
    let in_query = rest.split_once('?').is_some_and(|(_, query)| {
        query.split('&').any(|pair| {
            pair.split_once('=').is_some_and(|(key, value)| {
                key.to_ascii_lowercase().contains("password") && !value.is_empty()
            })
        })
    });
    in_userinfo || in_query
}

/// `text` with every secret replaced by `***`: the second line of defence for messages we did
/// not write (a driver's error, clap's echo of an argument).
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut text = text.to_string();
    for secret in secrets {
        text = text.replace(secret.as_str(), "***");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact_url("postgres://app:s3cr@t@db:5432/app?sslmode=require"),
            "postgres://app:***@db:5432/app?sslmode=require"
        );
        assert_eq!(
            redact_url("sqlite:blog.db?mode=rwc"),
            "sqlite:blog.db?mode=rwc"
        );
        assert_eq!(redact_url("a:secret@h/d"), "a:***@h/d");
        assert_eq!(redact_url("postgres://u:pa/ss@h/d"), "postgres://u:***@h/d");
        assert_eq!(redact_url("postgres://a:b@c@h/d"), "postgres://a:***@h/d");
        assert_eq!(redact_url("postgres://a:b?c@h/d"), "postgres://a:***@h/d");
        assert_eq!(
            redact_url("mysql://root@localhost/x"),
            "mysql://root@localhost/x"
        );
        assert_eq!(redact_url("postgres://db/app"), "postgres://db/app");
        assert_eq!(
            redact_url("postgres://h:5432/d?application_name=a@b"),
            "postgres://h:5432/d?application_name=a@b"
        );
        assert_eq!(
            redact_url("postgres://h/d?sslpassword=x"),
            "postgres://h/d?sslpassword=***"
        );
        assert_eq!(
            redact_url("mysql://root@h/x?password=hunter22&ssl-mode=required"),
            "mysql://root@h/x?password=***&ssl-mode=required"
        );
    }

    #[test]
    fn clear_passwords_but_not_placeholders() {
        assert!(has_clear_password("postgres://app:pw@db/app"));
        assert!(has_clear_password("postgres://app:p/w@db/app"));
        assert!(has_clear_password("mysql://db/app?password=pw"));
        assert!(has_clear_password("postgres://${USER}:x${PW}@db/app"));
        assert!(!has_clear_password(
            "postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db/app"
        ));
        assert!(!has_clear_password("postgres://app@db/app"));
        assert!(!has_clear_password("postgres://app:@db/app"));
        assert!(!has_clear_password("mysql://db/app?password=${PW}"));
        assert!(!has_clear_password("sqlite:app.db?mode=rwc"));
    }

    #[test]
    fn secrets_are_found() {
        assert_eq!(
            secrets(["postgres://u:s3cr%2Fet@h/d"]),
            ["s3cr%2Fet", "s3cr/et"]
        );
        assert_eq!(secrets(["mysql://u@h/d?password=hunter2"]), ["hunter2"]);
        assert!(secrets(["a01:a03"]).is_empty());
        assert!(secrets(["sqlite:db.sqlite?mode=rwc"]).is_empty());
    }

    #[test]
    fn scrubs_written_and_decoded_passwords() {
        let found = secrets(["postgres://u:p%40ss%2Fword@h/d", "not a url", "head"]);
        assert!(found.contains(&"p%40ss%2Fword".to_string()));
        assert!(found.contains(&"p@ss/word".to_string()));
        assert_eq!(
            scrub("failed for p@ss/word at h", &found),
            "failed for *** at h"
        );
        assert!(secrets(["upgrade", "head"]).is_empty());
    }
}
