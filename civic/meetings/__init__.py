"""Council meetings: schedule, public agenda, minutes and the iCalendar feed (design §7)."""
