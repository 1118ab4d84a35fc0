//! The closed vocabularies: every list of choices a person makes or a
//! staff member sets. Each is an enum with the value stored in the database
//! and sent by forms (`as_str`, `parse`), and the text key of its label
//! (`key`), so a wrong value is a compile error and the pages read their
//! labels from here instead of keeping lists of their own.

/// Declares a vocabulary: the enum, `ALL` in display order, `as_str`,
/// `parse` and `key`. The keys are written out (not built from the value)
/// so the translation tests find them in the source.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = ($value:literal, $key:literal), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order forms and lists show them.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The value stored in the database and sent by forms.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $value, )+
                }
            }

            /// The value for a stored or submitted text; `None` for anything else.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $( $value => Some($name::$variant), )+
                    _ => None,
                }
            }

            /// The text key of the value's label.
            pub const fn key(self) -> &'static str {
                match self {
                    $( $name::$variant => $key, )+
                }
            }

            /// `(value, text key)` for each value, in order: what a choice list needs.
            pub const CHOICES: &'static [(&'static str, &'static str)] = &[ $( ($value, $key), )+ ];
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// The three ways to give input.
    pub enum InputKind {
        Journey = ("journey", "kind.journey"),
        Concern = ("concern", "kind.concern"),
        Idea = ("idea", "kind.idea"),
    }
}

vocabulary! {
    /// Why a post was held for a moderator instead of going to a team.
    pub enum HeldReason {
        /// The field people cannot see was filled in.
        Honeypot = ("honeypot", "held.honeypot"),
        /// Sent sooner after the form was shown than a person can fill it.
        TooFast = ("too_fast", "held.too_fast"),
        /// Part of a burst of posts beyond what a town sends.
        Flood = ("flood", "held.flood"),
    }
}

vocabulary! {
    /// Why an item must outlive its retention period: it is restricted then, not anonymised.
    pub enum KeptFor {
        /// To be handed to the archive (Noark 5).
        Archive = ("archive", "kept.archive"),
        /// A legal hold: a complaint, a case in court.
        LegalHold = ("legal_hold", "kept.legal_hold"),
    }
}

vocabulary! {
    /// Who the resident says they are.
    pub enum SubmitterKind {
        Tenant = ("tenant", "form.submitter.tenant"),
        Applicant = ("applicant", "form.submitter.applicant"),
        Neighbour = ("neighbour", "form.submitter.neighbour"),
        Cooperative = ("cooperative", "form.submitter.cooperative"),
        Volunteer = ("volunteer", "form.submitter.volunteer"),
        Other = ("other", "form.submitter.other"),
    }
}

vocabulary! {
    /// What a resident tried to achieve on a user journey.
    pub enum JourneyGoal {
        GetDwelling = ("get_dwelling", "journey.goal.get_dwelling"),
        KeepDwelling = ("keep_dwelling", "journey.goal.keep_dwelling"),
        StartLoan = ("start_loan", "journey.goal.start_loan"),
        HousingAllowance = ("housing_allowance", "journey.goal.housing_allowance"),
        DepositGuarantee = ("deposit_guarantee", "journey.goal.deposit_guarantee"),
        HelpToLive = ("help_to_live", "journey.goal.help_to_live"),
        Other = ("other", "journey.goal.other"),
    }
}

vocabulary! {
    /// How a user journey ended.
    pub enum JourneyResult {
        GotHelp = ("got_help", "journey.result.got_help"),
        StillWaiting = ("still_waiting", "journey.result.still_waiting"),
        GaveUp = ("gave_up", "journey.result.gave_up"),
        Other = ("other", "journey.result.other"),
    }
}

vocabulary! {
    /// How the resident met a service on one step of a journey.
    pub enum Channel {
        InPerson = ("in_person", "journey.channel.in_person"),
        Phone = ("phone", "journey.channel.phone"),
        Digital = ("digital", "journey.channel.digital"),
        Letter = ("letter", "journey.channel.letter"),
    }
}

vocabulary! {
    /// How a step felt, on the 1–5 scale shown in words as well as numbers.
    pub enum Feeling {
        VeryBad = ("1", "journey.feeling.1"),
        Bad = ("2", "journey.feeling.2"),
        Fine = ("3", "journey.feeling.3"),
        Good = ("4", "journey.feeling.4"),
        VeryGood = ("5", "journey.feeling.5"),
    }
}

impl Feeling {
    /// 1 (very bad) to 5 (very good): how the database keeps it.
    pub fn score(self) -> i64 {
        match self {
            Feeling::VeryBad => 1,
            Feeling::Bad => 2,
            Feeling::Fine => 3,
            Feeling::Good => 4,
            Feeling::VeryGood => 5,
        }
    }

    pub fn from_score(score: i64) -> Option<Feeling> {
        Feeling::ALL.iter().copied().find(|f| f.score() == score)
    }
}

vocabulary! {
    /// What a neighbour concern is about.
    pub enum ConcernKind {
        Noise = ("noise", "concern.kind.noise"),
        Unsafe = ("unsafe", "concern.kind.unsafe"),
        LitteringDamage = ("littering_damage", "concern.kind.littering_damage"),
        Wellbeing = ("wellbeing", "concern.kind.wellbeing"),
        Other = ("other", "concern.kind.other"),
    }
}

vocabulary! {
    /// On whose behalf a concern is reported.
    pub enum OnBehalf {
        OwnBehalf = ("self", "concern.behalf.self"),
        Cooperative = ("cooperative", "concern.behalf.cooperative"),
        Volunteer = ("volunteer", "concern.behalf.volunteer"),
        Landlord = ("landlord", "concern.behalf.landlord"),
    }
}

vocabulary! {
    /// An item's status. `Triage` means no team owns it yet.
    pub enum Status {
        New = ("new", "status.new"),
        Triage = ("triage", "status.triage"),
        InProgress = ("in_progress", "status.in_progress"),
        WaitingForResident = ("waiting_for_resident", "status.waiting_for_resident"),
        Closed = ("closed", "status.closed"),
    }
}

impl Status {
    /// What staff may set by hand (closing has its own action with an outcome).
    pub const SETTABLE: [Status; 3] = [Status::New, Status::InProgress, Status::WaitingForResident];
}

vocabulary! {
    /// The honest outcome an item is closed with.
    pub enum Outcome {
        Resolved = ("resolved", "outcome.resolved"),
        NotResolved = ("not_resolved", "outcome.not_resolved"),
        Referred = ("referred", "outcome.referred"),
        OutsideRemit = ("outside_remit", "outcome.outside_remit"),
        Duplicate = ("duplicate", "outcome.duplicate"),
    }
}

impl Outcome {
    /// Outcomes that must say why or where: not resolved (why), referred
    /// (to whom), outside our remit (where to go instead).
    pub fn needs_detail(self) -> bool {
        matches!(self, Outcome::NotResolved | Outcome::Referred | Outcome::OutsideRemit)
    }
}

vocabulary! {
    /// What a staff member may do. Caseworkers act only on their teams' items.
    pub enum Role {
        Administrator = ("administrator", "role.administrator"),
        Moderator = ("moderator", "role.moderator"),
        Caseworker = ("caseworker", "role.caseworker"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_parses_back_to_itself_and_nothing_else_parses() {
        fn round_trip<T: Copy + PartialEq + std::fmt::Debug>(all: &[T], as_str: fn(T) -> &'static str, parse: fn(&str) -> Option<T>) {
            for value in all {
                assert_eq!(parse(as_str(*value)), Some(*value));
            }
            for bad in ["", "Other", " other", "other ", "unknown-value", "<script>"] {
                assert_eq!(parse(bad), None, "{bad}");
            }
        }
        round_trip(InputKind::ALL, InputKind::as_str, InputKind::parse);
        round_trip(SubmitterKind::ALL, SubmitterKind::as_str, SubmitterKind::parse);
        round_trip(JourneyGoal::ALL, JourneyGoal::as_str, JourneyGoal::parse);
        round_trip(JourneyResult::ALL, JourneyResult::as_str, JourneyResult::parse);
        round_trip(Channel::ALL, Channel::as_str, Channel::parse);
        round_trip(Feeling::ALL, Feeling::as_str, Feeling::parse);
        round_trip(ConcernKind::ALL, ConcernKind::as_str, ConcernKind::parse);
        round_trip(OnBehalf::ALL, OnBehalf::as_str, OnBehalf::parse);
        round_trip(Status::ALL, Status::as_str, Status::parse);
        round_trip(Outcome::ALL, Outcome::as_str, Outcome::parse);
        round_trip(Role::ALL, Role::as_str, Role::parse);
    }

    #[test]
    fn feelings_are_scored_one_to_five() {
        assert_eq!(Feeling::ALL.iter().map(|f| f.score()).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
        assert_eq!(Feeling::from_score(2), Some(Feeling::Bad));
        assert_eq!(Feeling::from_score(0), None);
        assert_eq!(Feeling::from_score(6), None);
    }

    #[test]
    fn keys_name_the_value() {
        assert_eq!(ConcernKind::LitteringDamage.key(), "concern.kind.littering_damage");
        assert_eq!(OnBehalf::OwnBehalf.as_str(), "self");
        assert_eq!(Status::WaitingForResident.key(), "status.waiting_for_resident");
        assert_eq!(JourneyGoal::CHOICES[0], ("get_dwelling", "journey.goal.get_dwelling"));
        assert_eq!(ConcernKind::CHOICES.len(), ConcernKind::ALL.len());
    }
}
