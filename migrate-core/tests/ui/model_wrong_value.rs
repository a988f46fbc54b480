use migrate_core::models::Model;

#[derive(Model)]
#[model(table = post, index(columns = "title"))]
pub struct Post {
    #[model(primary_key = "yes")]
    pub id: i32,
    #[model(max_length = "200")]
    pub title: String,
    #[model(references = "user", on_delete = "explode")]
    pub author_id: i32,
    #[model(on_update = "cascade")]
    pub editor_id: i32,
}

fn main() {}
