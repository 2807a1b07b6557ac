//! Org data: the schema of the known sObjects, stored records, field values and the demo seed.

pub mod objects;
pub mod schema;
pub mod seed;
pub mod store;
pub mod value;
