//! The sObject schema the emulator knows: objects, their fields, parent and child relationships.

use std::sync::LazyLock;

/// A field's data type, named as describe reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Id,
    Reference,
    String,
    Textarea,
    Picklist,
    MultiPicklist,
    Email,
    Phone,
    Url,
    Boolean,
    Currency,
    Double,
    Percent,
    Int,
    Date,
    DateTime,
}

impl FieldType {
    /// The `type` value of a describe result.
    pub fn describe_name(self) -> &'static str {
        match self {
            FieldType::Id => "id",
            FieldType::Reference => "reference",
            FieldType::String => "string",
            FieldType::Textarea => "textarea",
            FieldType::Picklist => "picklist",
            FieldType::MultiPicklist => "multipicklist",
            FieldType::Email => "email",
            FieldType::Phone => "phone",
            FieldType::Url => "url",
            FieldType::Boolean => "boolean",
            FieldType::Currency => "currency",
            FieldType::Double => "double",
            FieldType::Percent => "percent",
            FieldType::Int => "int",
            FieldType::Date => "date",
            FieldType::DateTime => "datetime",
        }
    }

    /// The `soapType` value of a describe result.
    pub fn soap_type(self) -> &'static str {
        match self {
            FieldType::Id | FieldType::Reference => "tns:ID",
            FieldType::Boolean => "xsd:boolean",
            FieldType::Currency | FieldType::Double | FieldType::Percent => "xsd:double",
            FieldType::Int => "xsd:int",
            FieldType::Date => "xsd:date",
            FieldType::DateTime => "xsd:dateTime",
            _ => "xsd:string",
        }
    }

    /// The type name SOQL uses in "must be of type ..." filter errors.
    pub fn filter_type_name(self) -> &'static str {
        match self {
            FieldType::Id | FieldType::Reference => "id",
            FieldType::Boolean => "boolean",
            FieldType::Currency | FieldType::Double | FieldType::Percent => "double",
            FieldType::Int => "int",
            FieldType::Date => "date",
            FieldType::DateTime => "dateTime",
            _ => "string",
        }
    }

    pub fn is_textual(self) -> bool {
        matches!(
            self,
            FieldType::String
                | FieldType::Textarea
                | FieldType::Picklist
                | FieldType::MultiPicklist
                | FieldType::Email
                | FieldType::Phone
                | FieldType::Url
        )
    }

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            FieldType::Currency | FieldType::Double | FieldType::Percent | FieldType::Int
        )
    }

    pub fn is_id(self) -> bool {
        matches!(self, FieldType::Id | FieldType::Reference)
    }
}

/// One field of an sObject.
#[derive(Clone, Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub label: &'static str,
    pub field_type: FieldType,
    /// Objects a reference field may point to; more than one makes it polymorphic.
    pub reference_to: &'static [&'static str],
    /// The parent relationship name used in SOQL paths (`Account` for `AccountId`).
    pub relationship_name: Option<&'static str>,
    pub nillable: bool,
    pub createable: bool,
    pub updateable: bool,
    pub external_id: bool,
    pub unique: bool,
    pub length: u32,
    pub picklist_values: &'static [&'static str],
}

impl FieldDef {
    pub fn is_custom(&self) -> bool {
        self.name.ends_with("__c")
    }

    /// Whether the field is system-maintained and so never written by a client.
    pub fn is_system(&self) -> bool {
        !self.createable && !self.updateable
    }
}

/// A child relationship, such as `Contacts` from Account to Contact through `AccountId`.
#[derive(Clone, Debug)]
pub struct ChildRelationship {
    pub name: &'static str,
    pub child_object: &'static str,
    pub field: &'static str,
}

/// An sObject type.
#[derive(Clone, Debug)]
pub struct ObjectDef {
    pub name: &'static str,
    pub label: &'static str,
    pub label_plural: &'static str,
    pub key_prefix: &'static str,
    pub fields: Vec<FieldDef>,
    pub child_relationships: Vec<ChildRelationship>,
}

impl ObjectDef {
    pub fn is_custom(&self) -> bool {
        self.name.ends_with("__c")
    }

    /// Finds a field by name, ignoring case as SOQL does.
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields
            .iter()
            .find(|field| field.name.eq_ignore_ascii_case(name))
    }

    /// Finds a reference field by its parent relationship name (`Owner` finds `OwnerId`).
    pub fn parent_relationship(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|field| {
            field
                .relationship_name
                .is_some_and(|relationship| relationship.eq_ignore_ascii_case(name))
        })
    }

    pub fn child_relationship(&self, name: &str) -> Option<&ChildRelationship> {
        self.child_relationships
            .iter()
            .find(|child| child.name.eq_ignore_ascii_case(name))
    }
}

/// All object types of an org. Every org of the emulator shares this schema.
pub struct Schema {
    pub objects: Vec<ObjectDef>,
}

impl Schema {
    /// Finds an object by name, ignoring case as SOQL and the REST paths do.
    pub fn object(&self, name: &str) -> Option<&ObjectDef> {
        self.objects
            .iter()
            .find(|object| object.name.eq_ignore_ascii_case(name))
    }

    pub fn object_by_prefix(&self, key_prefix: &str) -> Option<&ObjectDef> {
        self.objects
            .iter()
            .find(|object| object.key_prefix == key_prefix)
    }
}

pub static SCHEMA: LazyLock<Schema> = LazyLock::new(super::objects::build_schema);
