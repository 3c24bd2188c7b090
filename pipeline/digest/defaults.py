"""Digest defaults, grouped. (Candidates for common/settings.py; kept here while that file is shared.)"""
from zoneinfo import ZoneInfo

# -- weeks ------------------------------------------------------------------------------------------
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")     # week boundaries are Monday 00:00 local time (UTC+7, no DST)
COMPARE_WEEKS = 4                           # "previous period": the weekly mean over the 4 weeks before

# -- content ----------------------------------------------------------------------------------------
MAX_FIGURES_PER_CATEGORY = 20               # per province; the rest are counted, not listed
SENTENCE_CHARS = 400                        # evidence sentences are cut to this length

# -- delivery ---------------------------------------------------------------------------------------
SMTP_PASSWORD_ENV = "DANVAN_SMTP_PASSWORD"  # the SMTP password is read from here, never from the command line
SMTP_TIMEOUT = 30.0                         # seconds
SUBJECT = "Bản tin công tác dân vận, tuần {week}"   # {week}: "2023-W13"; subscriptions.toml may override
