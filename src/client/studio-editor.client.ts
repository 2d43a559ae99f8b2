// Studio island (editor): filled in by its page.
export {};
