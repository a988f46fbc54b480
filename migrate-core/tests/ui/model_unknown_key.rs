use migrate_core::models::Model;

#[derive(Model)]
#[model(tabel = "post")]
pub struct Post {
    #[model(primary_key, auto_incremnt)]
    pub id: i32,
    #[model(size = 10)]
    pub title: String,
}

fn main() {}
