use migrate_core::models::Model;

pub struct Money(pub i64);

#[derive(Model)]
pub struct Invoice {
    #[model(primary_key)]
    pub id: i32,
    pub total: Money,
    pub paid: Option<Money>,
}

fn main() {}
