//! SeaORM entities as models: `from_entity` reads an entity's columns, primary key, relations
//! and indexes into the schema model, equal to what the same table declared with
//! `#[derive(Model)]` gives.
#![allow(missing_docs)]

use migrate_core::models::{Model, Models, from_entity};
use migrate_schema::{Dialect, Schema};

pub mod author {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "author")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique, column_type = "Text")]
        pub email: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub bio: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod post {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "post")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed, column_type = "Text")]
        pub title: String,
        #[sea_orm(default_value = 0)]
        pub stars: i32,
        pub author_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::author::Entity",
            from = "Column::AuthorId",
            to = "super::author::Column::Id",
            on_delete = "Cascade"
        )]
        Author,
    }

    impl Related<super::author::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Author.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// The same two tables, declared as models.
#[derive(Model)]
#[model(table = "author")]
pub struct Author {
    #[model(primary_key, auto_increment)]
    pub id: i32,
    #[model(unique)]
    pub email: String,
    pub bio: Option<String>,
}

#[derive(Model)]
#[model(table = "post", index(columns = ["title"], name = "idx-post-title"))]
pub struct Post {
    #[model(primary_key, auto_increment)]
    pub id: i64,
    pub title: String,
    #[model(default = "0")]
    pub stars: i32,
    #[model(
        references = "author.id",
        on_delete = "cascade",
        foreign_key_name = "fk-post-author_id"
    )]
    pub author_id: i32,
}

fn entities(dialect: Dialect) -> Schema {
    Schema::new(dialect)
        .with_table(from_entity::<author::Entity>(dialect).unwrap())
        .with_table(from_entity::<post::Entity>(dialect).unwrap())
        .normalized()
}

#[test]
fn entity_reads_as_a_table() {
    let schema = entities(Dialect::Postgres);
    assert_eq!(
        schema.tables["post"].to_string(),
        "table post
  id bigint NOT NULL AUTO_INCREMENT
  title text NOT NULL
  stars integer NOT NULL DEFAULT 0
  author_id integer NOT NULL
  PRIMARY KEY (id)
  CONSTRAINT fk-post-author_id FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE
  INDEX idx-post-title (title)
"
    );
}

#[test]
fn entities_equal_the_same_models() {
    for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        let models = Models::registered().unwrap().schema(dialect);
        let d = migrate_schema::diff(&models, &entities(dialect));
        assert!(d.is_empty(), "{dialect:?}:\n{d}");
    }
}
