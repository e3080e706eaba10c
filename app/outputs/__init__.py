"""What the desk produces: letters (.docx), the PDF packet, CSV/XLSX exports, read-back scans."""
