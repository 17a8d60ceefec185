"""Personal data kept as the law expects (UK GDPR): the privacy notice, who looked at
confidential records, the data protection officer's pages, the retention schedule and its
daily job, and backups."""
