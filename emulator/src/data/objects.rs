//! The standard and custom objects of the emulated orgs, with the fields the seed data and the
//! tests use. Field names, labels and types follow Salesforce's standard objects.

use super::schema::{ChildRelationship, FieldDef, FieldType, ObjectDef, Schema};

const NO_REFERENCES: &[&str] = &[];
const NO_VALUES: &[&str] = &[];

fn field(name: &'static str, label: &'static str, field_type: FieldType) -> FieldDef {
    let length = match field_type {
        FieldType::Id | FieldType::Reference => 18,
        FieldType::Textarea => 32000,
        FieldType::Url => 255,
        FieldType::Email => 80,
        FieldType::Phone => 40,
        FieldType::MultiPicklist => 4099,
        FieldType::String | FieldType::Picklist => 255,
        _ => 0,
    };
    FieldDef {
        name,
        label,
        field_type,
        reference_to: NO_REFERENCES,
        relationship_name: None,
        nillable: true,
        createable: true,
        updateable: true,
        external_id: false,
        unique: false,
        length,
        picklist_values: NO_VALUES,
    }
}

fn required(mut def: FieldDef) -> FieldDef {
    def.nillable = false;
    def
}

fn read_only(mut def: FieldDef) -> FieldDef {
    def.createable = false;
    def.updateable = false;
    def
}

fn reference(
    name: &'static str,
    label: &'static str,
    relationship_name: &'static str,
    reference_to: &'static [&'static str],
) -> FieldDef {
    let mut def = field(name, label, FieldType::Reference);
    def.reference_to = reference_to;
    def.relationship_name = Some(relationship_name);
    def
}

fn picklist(name: &'static str, label: &'static str, values: &'static [&'static str]) -> FieldDef {
    let mut def = field(name, label, FieldType::Picklist);
    def.picklist_values = values;
    def
}

fn multi_picklist(
    name: &'static str,
    label: &'static str,
    values: &'static [&'static str],
) -> FieldDef {
    let mut def = field(name, label, FieldType::MultiPicklist);
    def.picklist_values = values;
    def
}

fn external_id(mut def: FieldDef, unique: bool) -> FieldDef {
    def.external_id = true;
    def.unique = unique;
    def
}

/// The fields every object has: Id, IsDeleted and the audit fields.
fn system_fields(with_owner: bool) -> Vec<FieldDef> {
    let mut fields = vec![
        required(read_only(field("Id", "Record ID", FieldType::Id))),
        required(read_only(field("IsDeleted", "Deleted", FieldType::Boolean))),
    ];
    if with_owner {
        let mut owner = required(reference("OwnerId", "Owner ID", "Owner", &["User"]));
        owner.createable = true;
        fields.push(owner);
    }
    fields
}

fn audit_fields() -> Vec<FieldDef> {
    vec![
        required(read_only(field(
            "CreatedDate",
            "Created Date",
            FieldType::DateTime,
        ))),
        required(read_only(reference(
            "CreatedById",
            "Created By ID",
            "CreatedBy",
            &["User"],
        ))),
        required(read_only(field(
            "LastModifiedDate",
            "Last Modified Date",
            FieldType::DateTime,
        ))),
        required(read_only(reference(
            "LastModifiedById",
            "Last Modified By ID",
            "LastModifiedBy",
            &["User"],
        ))),
        required(read_only(field(
            "SystemModstamp",
            "System Modstamp",
            FieldType::DateTime,
        ))),
    ]
}

fn object(
    name: &'static str,
    label: &'static str,
    label_plural: &'static str,
    key_prefix: &'static str,
    fields: Vec<FieldDef>,
) -> ObjectDef {
    ObjectDef {
        name,
        label,
        label_plural,
        key_prefix,
        fields,
        child_relationships: Vec::new(),
    }
}

fn account() -> ObjectDef {
    let mut fields = system_fields(true);
    fields.extend([
        required(field("Name", "Account Name", FieldType::String)),
        picklist(
            "Type",
            "Account Type",
            &[
                "Prospect",
                "Customer - Direct",
                "Customer - Channel",
                "Partner",
                "Other",
            ],
        ),
        reference("ParentId", "Parent Account ID", "Parent", &["Account"]),
        field("BillingStreet", "Billing Street", FieldType::Textarea),
        field("BillingCity", "Billing City", FieldType::String),
        field("BillingState", "Billing State/Province", FieldType::String),
        field(
            "BillingPostalCode",
            "Billing Zip/Postal Code",
            FieldType::String,
        ),
        field("BillingCountry", "Billing Country", FieldType::String),
        field("Phone", "Account Phone", FieldType::Phone),
        field("Website", "Website", FieldType::Url),
        picklist(
            "Industry",
            "Industry",
            &[
                "Agriculture",
                "Banking",
                "Consulting",
                "Education",
                "Energy",
                "Manufacturing",
                "Retail",
                "Technology",
            ],
        ),
        field("AnnualRevenue", "Annual Revenue", FieldType::Currency),
        field("NumberOfEmployees", "Employees", FieldType::Int),
        field("Description", "Account Description", FieldType::Textarea),
    ]);
    fields.extend(audit_fields());
    fields.extend([
        picklist("Tier__c", "Tier", &["Gold", "Silver", "Bronze"]),
        multi_picklist("Regions__c", "Regions", &["EMEA", "AMER", "APAC", "LATAM"]),
        field("Customer_Since__c", "Customer Since", FieldType::Date),
    ]);
    let mut def = object("Account", "Account", "Accounts", "001", fields);
    def.child_relationships = vec![
        child("ChildAccounts", "Account", "ParentId"),
        child("Contacts", "Contact", "AccountId"),
        child("Opportunities", "Opportunity", "AccountId"),
        child("Cases", "Case", "AccountId"),
        child("Tasks", "Task", "WhatId"),
        child("Events", "Event", "WhatId"),
        child("Invoices__r", "Invoice__c", "Account__c"),
    ];
    def
}

fn child(name: &'static str, child_object: &'static str, field: &'static str) -> ChildRelationship {
    ChildRelationship {
        name,
        child_object,
        field,
    }
}

fn contact() -> ObjectDef {
    let mut fields = system_fields(true);
    fields.extend([
        reference("AccountId", "Account ID", "Account", &["Account"]),
        required(field("LastName", "Last Name", FieldType::String)),
        field("FirstName", "First Name", FieldType::String),
        picklist(
            "Salutation",
            "Salutation",
            &["Mr.", "Ms.", "Mrs.", "Dr.", "Prof."],
        ),
        required(read_only(field("Name", "Full Name", FieldType::String))),
        field("MailingCity", "Mailing City", FieldType::String),
        field("MailingCountry", "Mailing Country", FieldType::String),
        field("Phone", "Business Phone", FieldType::Phone),
        field("Email", "Email", FieldType::Email),
        field("Title", "Title", FieldType::String),
        field("Department", "Department", FieldType::String),
        field("Birthdate", "Birthdate", FieldType::Date),
        picklist(
            "LeadSource",
            "Lead Source",
            &[
                "Web",
                "Phone Inquiry",
                "Partner Referral",
                "Purchased List",
                "Other",
            ],
        ),
    ]);
    fields.extend(audit_fields());
    let mut def = object("Contact", "Contact", "Contacts", "003", fields);
    def.child_relationships = vec![
        child("Cases", "Case", "ContactId"),
        child("Tasks", "Task", "WhoId"),
        child("Events", "Event", "WhoId"),
    ];
    def
}

fn opportunity() -> ObjectDef {
    let mut fields = system_fields(true);
    fields.extend([
        reference("AccountId", "Account ID", "Account", &["Account"]),
        required(field("Name", "Name", FieldType::String)),
        field("Description", "Description", FieldType::Textarea),
        required(picklist(
            "StageName",
            "Stage",
            &[
                "Prospecting",
                "Qualification",
                "Needs Analysis",
                "Proposal/Price Quote",
                "Negotiation/Review",
                "Closed Won",
                "Closed Lost",
            ],
        )),
        field("Amount", "Amount", FieldType::Currency),
        field("Probability", "Probability (%)", FieldType::Percent),
        required(field("CloseDate", "Close Date", FieldType::Date)),
        picklist(
            "Type",
            "Opportunity Type",
            &["New Business", "Existing Business"],
        ),
        picklist(
            "LeadSource",
            "Lead Source",
            &[
                "Web",
                "Phone Inquiry",
                "Partner Referral",
                "Purchased List",
                "Other",
            ],
        ),
        required(read_only(field("IsClosed", "Closed", FieldType::Boolean))),
        required(read_only(field("IsWon", "Won", FieldType::Boolean))),
    ]);
    fields.extend(audit_fields());
    let mut def = object("Opportunity", "Opportunity", "Opportunities", "006", fields);
    def.child_relationships = vec![
        child("Tasks", "Task", "WhatId"),
        child("Events", "Event", "WhatId"),
    ];
    def
}

fn lead() -> ObjectDef {
    let mut fields = system_fields(true);
    fields.extend([
        required(field("LastName", "Last Name", FieldType::String)),
        field("FirstName", "First Name", FieldType::String),
        required(read_only(field("Name", "Full Name", FieldType::String))),
        field("Title", "Title", FieldType::String),
        required(field("Company", "Company", FieldType::String)),
        field("City", "City", FieldType::String),
        field("Country", "Country", FieldType::String),
        field("Phone", "Phone", FieldType::Phone),
        field("Email", "Email", FieldType::Email),
        required(picklist(
            "Status",
            "Lead Status",
            &[
                "Open - Not Contacted",
                "Working - Contacted",
                "Closed - Converted",
                "Closed - Not Converted",
            ],
        )),
        picklist(
            "LeadSource",
            "Lead Source",
            &[
                "Web",
                "Phone Inquiry",
                "Partner Referral",
                "Purchased List",
                "Other",
            ],
        ),
        field("Industry", "Industry", FieldType::String),
        picklist("Rating", "Rating", &["Hot", "Warm", "Cold"]),
        field("AnnualRevenue", "Annual Revenue", FieldType::Currency),
        field("NumberOfEmployees", "Employees", FieldType::Int),
        required(read_only(field(
            "IsConverted",
            "Converted",
            FieldType::Boolean,
        ))),
    ]);
    fields.extend(audit_fields());
    fields.push(multi_picklist(
        "Interests__c",
        "Interests",
        &["Analytics", "Integration", "Mobile", "Security"],
    ));
    let mut def = object("Lead", "Lead", "Leads", "00Q", fields);
    def.child_relationships = vec![
        child("Tasks", "Task", "WhoId"),
        child("Events", "Event", "WhoId"),
    ];
    def
}

fn case() -> ObjectDef {
    let mut fields = system_fields(true);
    fields.extend([
        required(read_only(field(
            "CaseNumber",
            "Case Number",
            FieldType::String,
        ))),
        reference("ContactId", "Contact ID", "Contact", &["Contact"]),
        reference("AccountId", "Account ID", "Account", &["Account"]),
        picklist(
            "Type",
            "Case Type",
            &["Question", "Problem", "Feature Request"],
        ),
        picklist(
            "Status",
            "Status",
            &["New", "Working", "Escalated", "Closed"],
        ),
        picklist("Origin", "Case Origin", &["Phone", "Email", "Web"]),
        field("Subject", "Subject", FieldType::String),
        picklist("Priority", "Priority", &["High", "Medium", "Low"]),
        field("Description", "Description", FieldType::Textarea),
        required(read_only(field("IsClosed", "Closed", FieldType::Boolean))),
        read_only(field("ClosedDate", "Closed Date", FieldType::DateTime)),
    ]);
    fields.extend(audit_fields());
    let mut def = object("Case", "Case", "Cases", "500", fields);
    def.child_relationships = vec![
        child("Tasks", "Task", "WhatId"),
        child("Events", "Event", "WhatId"),
    ];
    def
}

const WHO_TARGETS: &[&str] = &["Contact", "Lead"];
const WHAT_TARGETS: &[&str] = &["Account", "Opportunity", "Case"];

fn task() -> ObjectDef {
    let mut fields = system_fields(true);
    fields.extend([
        reference("WhoId", "Name ID", "Who", WHO_TARGETS),
        reference("WhatId", "Related To ID", "What", WHAT_TARGETS),
        field("Subject", "Subject", FieldType::String),
        field("ActivityDate", "Due Date Only", FieldType::Date),
        required(picklist(
            "Status",
            "Status",
            &["Not Started", "In Progress", "Completed", "Deferred"],
        )),
        required(picklist("Priority", "Priority", &["High", "Normal", "Low"])),
        required(read_only(field("IsClosed", "Closed", FieldType::Boolean))),
        field("Description", "Description", FieldType::Textarea),
    ]);
    fields.extend(audit_fields());
    object("Task", "Task", "Tasks", "00T", fields)
}

fn event() -> ObjectDef {
    let mut fields = system_fields(true);
    fields.extend([
        reference("WhoId", "Name ID", "Who", WHO_TARGETS),
        reference("WhatId", "Related To ID", "What", WHAT_TARGETS),
        field("Subject", "Subject", FieldType::String),
        field("Location", "Location", FieldType::String),
        field("ActivityDate", "Due Date Only", FieldType::Date),
        field("ActivityDateTime", "Due Date Time", FieldType::DateTime),
        field("StartDateTime", "Start Date Time", FieldType::DateTime),
        field("EndDateTime", "End Date Time", FieldType::DateTime),
        field("DurationInMinutes", "Duration", FieldType::Int),
        required(field("IsAllDayEvent", "All-Day Event", FieldType::Boolean)),
        field("Description", "Description", FieldType::Textarea),
    ]);
    fields.extend(audit_fields());
    object("Event", "Event", "Events", "00U", fields)
}

fn user() -> ObjectDef {
    let mut fields = system_fields(false);
    fields.retain(|field| field.name != "IsDeleted");
    fields.extend([
        required(field("Username", "Username", FieldType::String)),
        required(field("LastName", "Last Name", FieldType::String)),
        field("FirstName", "First Name", FieldType::String),
        required(read_only(field("Name", "Full Name", FieldType::String))),
        required(field("Email", "Email", FieldType::Email)),
        required(field("Alias", "Alias", FieldType::String)),
        required(field("IsActive", "Active", FieldType::Boolean)),
        field("Title", "Title", FieldType::String),
        required(field("TimeZoneSidKey", "Time Zone", FieldType::Picklist)),
        required(field("LocaleSidKey", "Locale", FieldType::Picklist)),
        required(field("LanguageLocaleKey", "Language", FieldType::Picklist)),
    ]);
    fields.extend(audit_fields());
    object("User", "User", "Users", "005", fields)
}

fn invoice() -> ObjectDef {
    let mut fields = system_fields(true);
    fields.extend([
        required(field("Name", "Invoice Name", FieldType::String)),
        reference("Account__c", "Account", "Account__r", &["Account"]),
        field("Amount__c", "Amount", FieldType::Currency),
        picklist("Status__c", "Status", &["Draft", "Sent", "Paid", "Void"]),
        field("Due_Date__c", "Due Date", FieldType::Date),
        external_id(
            field("Invoice_Number__c", "Invoice Number", FieldType::String),
            true,
        ),
        external_id(
            field("Legacy_Ref__c", "Legacy Reference", FieldType::String),
            false,
        ),
        field("Notes__c", "Notes", FieldType::Textarea),
    ]);
    fields.extend(audit_fields());
    object("Invoice__c", "Invoice", "Invoices", "a01", fields)
}

/// Builds the schema shared by every emulated org.
pub fn build_schema() -> Schema {
    Schema {
        objects: vec![
            account(),
            contact(),
            opportunity(),
            lead(),
            case(),
            task(),
            event(),
            user(),
            invoice(),
        ],
    }
}
