// URI schemes of the Data view's read-only documents, apart from their providers so activation loads neither.
export const VERSION_SCHEME = 'mlops-data-version';
export const REPORT_SCHEME = 'mlops-data-report';
