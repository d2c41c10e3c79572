"""Turn lead officers' returned update forms (.docx from Word or LibreOffice) into the quarter's updates."""
