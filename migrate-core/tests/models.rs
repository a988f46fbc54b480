//! Models declared with `#[derive(Model)]`: the schema they declare, per dialect, as literals;
//! their renames; the SQL that creates them.
#![allow(missing_docs)]

use migrate_core::models::{ColumnRename, Model, ModelEnum, Models, TableRename};
use migrate_schema::Dialect;

/// A type the derive does not know: its column takes `column_type`.
pub struct Money(pub i64);

#[derive(ModelEnum)]
pub enum Mood {
    Sad,
    Ok,
    #[model(rename = "very happy")]
    VeryHappy,
}

#[derive(Model)]
#[model(table = "author", comment = "people who write")]
pub struct Author {
    #[model(primary_key, auto_increment)]
    pub id: i32,
    #[model(max_length = 100, unique)]
    pub email: String,
    #[model(comment = "shown on posts")]
    pub name: String,
    #[model(renamed_from = "mood_now")]
    pub mood: Option<Mood>,
}

#[derive(Model)]
#[model(
    renamed_from = "posting",
    index(columns = ["author_id", "title"], unique, name = "ux_post_author_title"),
    index(columns = ["stars"], where = "stars > 0"),
    unique(columns = ["slug"], name = "uq_post_slug"),
    check(name = "ck_post_stars", expr = "stars >= 0")
)]
pub struct Post {
    #[model(primary_key, auto_increment)]
    pub id: i64,
    #[model(
        references = "author.id",
        on_delete = "cascade",
        on_update = "restrict"
    )]
    pub author_id: i32,
    #[model(max_length = 200, index)]
    pub title: String,
    #[model(max_length = 50)]
    pub slug: String,
    pub body: Option<String>,
    #[model(default = "0")]
    pub stars: i16,
    #[model(default = "false")]
    pub draft: bool,
    pub score: f32,
    pub weight: Option<f64>,
    pub data: Vec<u8>,
    #[model(column_type = "numeric(10,2)")]
    pub price: Option<Money>,
}

/// A composite primary key and a named foreign key.
#[derive(Model)]
pub struct PostTag {
    #[model(primary_key, references = "post.id", foreign_key_name = "fk_tag_post")]
    pub post_id: i64,
    #[model(primary_key, max_length = 30)]
    pub tag: String,
}

/// A foreign key no index covers (MySQL adds one).
#[derive(Model)]
pub struct Remark {
    #[model(primary_key, auto_increment)]
    pub id: i32,
    #[model(references = "post.id", on_delete = "set null")]
    pub post_id: Option<i64>,
    pub body: String,
}

fn models() -> Models {
    Models::registered().unwrap()
}

#[test]
fn postgres_schema() {
    let schema = models().schema(Dialect::Postgres);
    assert_eq!(
        schema.to_string(),
        r#"TYPE mood AS ENUM ('sad', 'ok', 'very happy')

table author
  id integer NOT NULL AUTO_INCREMENT
  email varchar(100) NOT NULL
  name text NOT NULL COMMENT 'shown on posts'
  mood mood
  PRIMARY KEY (id)
  UNIQUE (email)
  COMMENT 'people who write'

table post
  id bigint NOT NULL AUTO_INCREMENT
  author_id integer NOT NULL
  title varchar(200) NOT NULL
  slug varchar(50) NOT NULL
  body text
  stars smallint NOT NULL DEFAULT 0
  draft boolean NOT NULL DEFAULT false
  score real NOT NULL
  weight double precision
  data bytea NOT NULL
  price numeric(10,2)
  PRIMARY KEY (id)
  FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE ON UPDATE RESTRICT
  CONSTRAINT uq_post_slug UNIQUE (slug)
  CONSTRAINT ck_post_stars CHECK (stars >= 0)
  INDEX ix_post_stars (stars) WHERE stars > 0
  INDEX ix_post_title (title)
  UNIQUE INDEX ux_post_author_title (author_id, title)

table post_tag
  post_id bigint NOT NULL
  tag varchar(30) NOT NULL
  PRIMARY KEY (post_id, tag)
  CONSTRAINT fk_tag_post FOREIGN KEY (post_id) REFERENCES post (id)

table remark
  id integer NOT NULL AUTO_INCREMENT
  post_id bigint
  body text NOT NULL
  PRIMARY KEY (id)
  FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE SET NULL
"#
    );
}

#[test]
fn mysql_schema() {
    let schema = models().schema(Dialect::Mysql);
    assert_eq!(
        schema.to_string(),
        r#"table author
  id integer NOT NULL AUTO_INCREMENT
  email varchar(100) NOT NULL
  name text NOT NULL COMMENT 'shown on posts'
  mood enum('sad','ok','very happy')
  PRIMARY KEY (id)
  UNIQUE (email)
  COMMENT 'people who write'

table post
  id bigint NOT NULL AUTO_INCREMENT
  author_id integer NOT NULL
  title varchar(200) NOT NULL
  slug varchar(50) NOT NULL
  body text
  stars smallint NOT NULL DEFAULT 0
  draft boolean NOT NULL DEFAULT false
  score float NOT NULL
  weight double
  data blob NOT NULL
  price decimal(10,2)
  PRIMARY KEY (id)
  FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE
  CONSTRAINT ux_post_author_title UNIQUE (author_id, title)
  CONSTRAINT uq_post_slug UNIQUE (slug)
  CONSTRAINT ck_post_stars CHECK (stars >= 0)
  INDEX ix_post_stars (stars)
  INDEX ix_post_title (title)

table post_tag
  post_id bigint NOT NULL
  tag varchar(30) NOT NULL
  PRIMARY KEY (post_id, tag)
  CONSTRAINT fk_tag_post FOREIGN KEY (post_id) REFERENCES post (id)

table remark
  id integer NOT NULL AUTO_INCREMENT
  post_id bigint
  body text NOT NULL
  PRIMARY KEY (id)
  FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE SET NULL
  INDEX post_id (post_id)
"#
    );
}

#[test]
fn sqlite_schema() {
    let schema = models().schema(Dialect::Sqlite);
    assert_eq!(
        schema.to_string(),
        r#"table author
  id integer NOT NULL AUTO_INCREMENT
  email varchar(100) NOT NULL
  name text NOT NULL
  mood text
  PRIMARY KEY (id)
  UNIQUE (email)
  CHECK (mood IN ('sad', 'ok', 'very happy'))

table post
  id integer NOT NULL AUTO_INCREMENT
  author_id integer NOT NULL
  title varchar(200) NOT NULL
  slug varchar(50) NOT NULL
  body text
  stars smallint NOT NULL DEFAULT 0
  draft boolean NOT NULL DEFAULT false
  score real NOT NULL
  weight real
  data blob NOT NULL
  price numeric(10,2)
  PRIMARY KEY (id)
  FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE ON UPDATE RESTRICT
  CONSTRAINT uq_post_slug UNIQUE (slug)
  CONSTRAINT ck_post_stars CHECK (stars >= 0)
  INDEX ix_post_stars (stars) WHERE stars > 0
  INDEX ix_post_title (title)
  UNIQUE INDEX ux_post_author_title (author_id, title)

table post_tag
  post_id integer NOT NULL
  tag varchar(30) NOT NULL
  PRIMARY KEY (post_id, tag)
  CONSTRAINT fk_tag_post FOREIGN KEY (post_id) REFERENCES post (id)

table remark
  id integer NOT NULL AUTO_INCREMENT
  post_id integer
  body text NOT NULL
  PRIMARY KEY (id)
  FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE SET NULL
"#
    );
}

#[test]
fn postgres_create_statements() {
    let sql = models().create_statements(Dialect::Postgres).unwrap();
    assert_eq!(
        sql.join(";\n"),
        r#"CREATE TYPE "mood" AS ENUM ('sad', 'ok', 'very happy');
CREATE TABLE "author" ( "id" integer GENERATED BY DEFAULT AS IDENTITY NOT NULL PRIMARY KEY, "email" varchar(100) NOT NULL, "name" text NOT NULL, "mood" mood NULL , UNIQUE ("email"));
CREATE TABLE "post" ( "id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL PRIMARY KEY, "author_id" integer NOT NULL, "title" varchar(200) NOT NULL, "slug" varchar(50) NOT NULL, "body" text NULL, "stars" smallint NOT NULL DEFAULT (0), "draft" bool NOT NULL DEFAULT (false), "score" real NOT NULL, "weight" double precision NULL, "data" bytea NOT NULL, "price" numeric(10,2) NULL, FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE CASCADE ON UPDATE RESTRICT, CONSTRAINT "ck_post_stars" CHECK (stars >= 0) , CONSTRAINT "uq_post_slug" UNIQUE ("slug"));
CREATE TABLE "post_tag" ( "post_id" bigint NOT NULL, "tag" varchar(30) NOT NULL, PRIMARY KEY ("post_id", "tag"), CONSTRAINT "fk_tag_post" FOREIGN KEY ("post_id") REFERENCES "post" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION );
CREATE TABLE "remark" ( "id" integer GENERATED BY DEFAULT AS IDENTITY NOT NULL PRIMARY KEY, "post_id" bigint NULL, "body" text NOT NULL, FOREIGN KEY ("post_id") REFERENCES "post" ("id") ON DELETE SET NULL ON UPDATE NO ACTION );
COMMENT ON TABLE "author" IS 'people who write';
COMMENT ON COLUMN "author"."name" IS 'shown on posts';
CREATE INDEX "ix_post_title" ON "post" ("title");
CREATE UNIQUE INDEX "ux_post_author_title" ON "post" ("author_id", "title");
CREATE INDEX "ix_post_stars" ON "post" ("stars") WHERE stars > 0"#
    );
}

#[test]
fn renames() {
    let renames = models().renames();
    assert_eq!(
        renames.tables,
        [TableRename {
            from: "posting".into(),
            to: "post".into()
        }]
    );
    assert_eq!(
        renames.columns,
        [ColumnRename {
            table: "author".into(),
            from: "mood_now".into(),
            to: "mood".into()
        }]
    );
}

#[test]
fn traits() {
    assert_eq!(Author::TABLE, "author");
    assert_eq!(PostTag::TABLE, "post_tag");
    assert_eq!(Mood::NAME, "mood");
    assert_eq!(Mood::LABELS, ["sad", "ok", "very happy"]);
    assert_eq!(Mood::VeryHappy.label(), "very happy");
}
