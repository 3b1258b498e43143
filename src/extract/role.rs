//! Roles: which of a task's bodies leads and which assists (TASKS.md "Responsible bodies":
//! `lead`, `support`), read off the words around each body's name.
//!
//! - a word of `role-lead` or `role-support` right after the name, a modal between allowed
//!   (`财政部牵头`, `各地区按职责分工负责`, `县水文站要配合`): [`ROLE_AFTER`];
//! - the same words as a bracketed note closing the name (`省财政厅（牵头）`, in a table
//!   cell): the note is no part of the body's name ([`ROLE_NOTE`]);
//! - a verb of `role-lead-object` right before the name (`配合县水利局开展…`): that body
//!   leads, and the task's bodies without a role (the one who does the verb) assist
//!   ([`ROLE_ASSISTED`]); a verb of `role-support-object` (`会同有关部门`): it assists
//!   ([`ROLE_BEFORE`]);
//! - a table's 牵头单位 and 配合单位 columns ([`ROLE_COLUMN`]).
//!
//! Without such a mark a body has no role. The ids name built-in steps, as rule ids do.

use crate::record::BodyRole;
use crate::rules::RuleSet;

/// See the module doc.
pub const ROLE_AFTER: &str = "body.role.after";
/// See the module doc.
pub const ROLE_NOTE: &str = "body.role.note";
/// See the module doc.
pub const ROLE_ASSISTED: &str = "body.role.assisted";
/// See the module doc.
pub const ROLE_BEFORE: &str = "body.role.before";
/// See the module doc.
pub const ROLE_COLUMN: &str = "body.role.column";

/// Modals that may stand between a body and the word giving its role (`县水文站要配合`).
const MODALS: [&str; 6] = ["要", "应当", "应", "须", "负责", "共同"];

/// The role a word at the start of `rest` (the text right after a body's name) gives the
/// body, with a modal before it allowed.
pub(crate) fn after(rules: &RuleSet, rest: &str) -> Option<BodyRole> {
    let rest = rest.trim_start_matches(['（', '(']);
    let rest = (MODALS.iter())
        .find_map(|m| rest.strip_prefix(m))
        .unwrap_or(rest);
    starts_with_role(rules, rest)
}

/// The role a word at the start of `s` names: `role-lead` before `role-support`, the longest
/// word of each.
fn starts_with_role(rules: &RuleSet, s: &str) -> Option<BodyRole> {
    let longest = |lex: &str| {
        (rules.lexicon(lex).iter())
            .filter(|w| s.starts_with(w.as_str()))
            .map(String::len)
            .max()
    };
    match (longest("role-lead"), longest("role-support")) {
        (Some(l), Some(s)) if s > l => Some(BodyRole::Support),
        (Some(_), _) => Some(BodyRole::Lead),
        (None, Some(_)) => Some(BodyRole::Support),
        (None, None) => None,
    }
}

/// The role a verb at the end of `before` (the text right before a body's name) gives it:
/// `Lead` after `配合`/`协助` (the one who does the verb assists), `Support` after `会同`.
pub(crate) fn before(rules: &RuleSet, before: &str) -> Option<BodyRole> {
    let ends = |lex: &str| (rules.lexicon(lex).iter()).any(|w| before.ends_with(w.as_str()));
    if ends("role-lead-object") {
        Some(BodyRole::Lead)
    } else if ends("role-support-object") {
        Some(BodyRole::Support)
    } else {
        None
    }
}

/// A bracketed role note closing a body's name (`省财政厅（牵头）`, `国家统计局(配合)`): the
/// name's length in bytes without it, and the role it gives.
pub(crate) fn note(rules: &RuleSet, name: &str) -> Option<(usize, BodyRole)> {
    let inner = name.strip_suffix(['）', ')'])?;
    let open = inner.rfind(['（', '('])?;
    let word = &inner[open..].trim_start_matches(['（', '(']);
    let role = starts_with_role(rules, word).filter(|_| {
        (rules.lexicon("role-lead").iter())
            .chain(rules.lexicon("role-support"))
            .any(|w| w == word)
    })?;
    (open > 0).then_some((open, role))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_the_words_around_a_name() {
        let rules = RuleSet::defaults().unwrap();
        assert_eq!(after(&rules, "牵头，"), Some(BodyRole::Lead));
        assert_eq!(after(&rules, "要配合做好"), Some(BodyRole::Support));
        assert_eq!(after(&rules, "按职责分工负责）"), Some(BodyRole::Support));
        assert_eq!(after(&rules, "负总责"), Some(BodyRole::Lead));
        assert_eq!(after(&rules, "要加强领导"), None);
        assert_eq!(after(&rules, "负责"), None);
        assert_eq!(before(&rules, "积极配合"), Some(BodyRole::Lead));
        assert_eq!(before(&rules, "要会同"), Some(BodyRole::Support));
        assert_eq!(before(&rules, "对"), None);
        assert_eq!(
            note(&rules, "省财政厅（牵头）"),
            Some(("省财政厅".len(), BodyRole::Lead))
        );
        assert_eq!(
            note(&rules, "国家统计局(配合)"),
            Some(("国家统计局".len(), BodyRole::Support))
        );
        assert_eq!(note(&rules, "县（市、区）"), None);
        assert_eq!(note(&rules, "各级党委（党组）"), None);
    }
}
