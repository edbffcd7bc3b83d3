"""A Memo plan and a prepared memo template to .docx bytes: body, header and footer, package."""
