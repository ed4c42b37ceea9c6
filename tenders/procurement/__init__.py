"""Tenders (consultations): intake, lots, deadlines, pipeline, go/no-go, matching."""
