use migrate_core::models::{Model, ModelEnum};

#[derive(Model)]
#[model(index(columns = ["author", "title"]), unique(columns = ["slug"]))]
pub struct Post {
    #[model(primary_key)]
    pub id: i32,
    pub title: String,
}

#[derive(ModelEnum)]
pub enum Status {
    Draft,
    #[model(rename = "draft")]
    Sketch,
    Published(u8),
}

fn main() {}
