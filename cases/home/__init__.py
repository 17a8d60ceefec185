"""A signed-in person's home, "Your work": their steps, their team's queue, their disputes,
exercises and bids, and their unread notifications, on one page. It reads every subject, so
it sits above them with the API and the demo."""
