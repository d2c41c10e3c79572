"""Turn a partnership's published action-plan monitor into the next quarter's appendix."""
from pipeline.errors import PipelineError
from pipeline.plan.model import Action, Plan, Priority, Rag, Report, Section, Status

__version__ = "0.1.0"
__all__ = ["Action", "Plan", "PipelineError", "Priority", "Rag", "Report", "Section", "Status"]
