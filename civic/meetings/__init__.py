"""Council meetings: schedule, public agenda, minutes and the iCalendar feed (docs/rules.md §7)."""
