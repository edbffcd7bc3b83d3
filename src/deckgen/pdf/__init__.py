"""Office files to finished PDFs: a guarded LibreOffice run, the PDF/UA post-pass, its checker."""
