-- CreateTable
CREATE TABLE `sms_messages` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `provider_id` VARCHAR(128) NULL,
    `sender` VARCHAR(32) NOT NULL,
    `recipient` VARCHAR(32) NOT NULL,
    `partner` VARCHAR(32) NOT NULL,
    `content` TEXT NOT NULL,
    `direction` ENUM('outbound', 'inbound') NOT NULL,
    `status` ENUM('queued', 'sent', 'delivered', 'failed', 'received', 'undelivered') NOT NULL,
    `error` VARCHAR(255) NULL,
    `user_id` INTEGER NULL,
    `attempts` INTEGER NOT NULL DEFAULT 0,
    `next_attempt_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `claimed_by` VARCHAR(64) NULL,
    `claimed_until` DATETIME(3) NULL,
    `in_flight_since` DATETIME(3) NULL,
    `sent_at` DATETIME(3) NULL,
    `status_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `sms_messages_provider_id_key`(`provider_id`),
    INDEX `sms_messages_status_next_attempt_at_idx`(`status`, `next_attempt_at`),
    INDEX `sms_messages_partner_id_idx`(`partner`, `id`),
    INDEX `sms_messages_user_id_partner_idx`(`user_id`, `partner`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `sms_reports` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `provider_id` VARCHAR(128) NOT NULL,
    `status` ENUM('queued', 'sent', 'delivered', 'failed', 'received', 'undelivered') NOT NULL,
    `error` VARCHAR(255) NULL,
    `received_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `sms_reports_provider_id_status_key`(`provider_id`, `status`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `sms_config_audit` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `username` VARCHAR(64) NOT NULL,
    `action` VARCHAR(16) NOT NULL,
    `fields` VARCHAR(255) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `sms_config_audit_created_at_idx`(`created_at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `api_tokens` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `user_id` INTEGER NOT NULL,
    `name` VARCHAR(80) NOT NULL,
    `token_hash` CHAR(64) NOT NULL,
    `hint` VARCHAR(16) NOT NULL,
    `last_used_at` DATETIME(3) NULL,
    `revoked_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `api_tokens_token_hash_key`(`token_hash`),
    INDEX `api_tokens_user_id_idx`(`user_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
