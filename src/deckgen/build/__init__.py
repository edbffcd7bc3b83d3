"""Content files and options to written outputs: the pipeline, the build record, watch and workspaces."""
