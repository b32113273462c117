package org.incidentmapper.backup;

/** A backup or restore that was not done, and why, in words for the operator. Nothing was written. */
class BackupRefused extends RuntimeException {

    BackupRefused(String message) {
        super(message);
    }
}
