"""Who reaches reports: a society's secretariat and Party reviewers its society's, CAST and the regulator
all of them (reports of all societies too). CAST decides annual reports; the secretariat writes them."""

from core.access import Scope, register

from .models import AnnualReport, Report

register(Report, Scope(society="society"))
# The annual report is the society's own work: CAST reads and decides it, never writes its narrative.
register(AnnualReport, Scope(society="society", cast_changes=False))
