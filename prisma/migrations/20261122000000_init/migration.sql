-- CreateTable
CREATE TABLE `dids` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `number` VARCHAR(32) NOT NULL,
    `label` VARCHAR(120) NOT NULL,
    `caller_id_name` VARCHAR(80) NULL,
    `allow_inbound` BOOLEAN NOT NULL DEFAULT true,
    `allow_outbound` BOOLEAN NOT NULL DEFAULT true,
    `notes` TEXT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `dids_number_key`(`number`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `users` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `extension` VARCHAR(32) NOT NULL,
    `name` VARCHAR(120) NOT NULL,
    `callerid` VARCHAR(32) NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `users_extension_key`(`extension`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `prefix_rules` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `prefix` VARCHAR(8) NOT NULL,
    `did_number` VARCHAR(32) NOT NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `prefix_rules_prefix_key`(`prefix`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `agent_allowed_prefixes` (
    `agent_id` INTEGER NOT NULL,
    `prefix_rule_id` INTEGER NOT NULL,

    INDEX `agent_allowed_prefixes_prefix_rule_id_idx`(`prefix_rule_id`),
    PRIMARY KEY (`agent_id`, `prefix_rule_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `prefix_rule_agents` (
    `prefix_rule_id` INTEGER NOT NULL,
    `agent_id` INTEGER NOT NULL,

    INDEX `prefix_rule_agents_agent_id_idx`(`agent_id`),
    PRIMARY KEY (`prefix_rule_id`, `agent_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `trunks` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(64) NOT NULL,
    `dial_template` VARCHAR(255) NOT NULL,
    `number_format` ENUM('national', 'e164', 'e164plus') NOT NULL DEFAULT 'e164',
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `trunks_name_key`(`name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `outbound_routes` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(64) NOT NULL,
    `priority` INTEGER NOT NULL DEFAULT 100,
    `patterns` JSON NOT NULL,
    `strip` INTEGER NOT NULL DEFAULT 0,
    `prepend` VARCHAR(32) NOT NULL DEFAULT '',
    `caller_id_did` VARCHAR(32) NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `outbound_routes_name_key`(`name`),
    INDEX `outbound_routes_priority_idx`(`priority`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `outbound_route_trunks` (
    `route_id` INTEGER NOT NULL,
    `trunk_id` INTEGER NOT NULL,
    `position` INTEGER NOT NULL,

    INDEX `outbound_route_trunks_trunk_id_idx`(`trunk_id`),
    UNIQUE INDEX `outbound_route_trunks_route_id_position_key`(`route_id`, `position`),
    PRIMARY KEY (`route_id`, `trunk_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `settings` (
    `id` INTEGER NOT NULL DEFAULT 1,
    `country_code` VARCHAR(4) NOT NULL DEFAULT '',
    `national_prefix` VARCHAR(4) NOT NULL DEFAULT '0',
    `international_prefix` VARCHAR(4) NOT NULL DEFAULT '00',
    `default_did` VARCHAR(32) NULL,
    `emergency_numbers` JSON NOT NULL,
    `updated_at` DATETIME(3) NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `config_version` (
    `id` INTEGER NOT NULL DEFAULT 1,
    `version` INTEGER NOT NULL DEFAULT 1,
    `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `decision_log` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `created_at` DATETIME(3) NOT NULL,
    `unique_id` VARCHAR(64) NOT NULL,
    `channel` VARCHAR(128) NOT NULL,
    `agent` VARCHAR(32) NOT NULL,
    `dialed` VARCHAR(64) NOT NULL,
    `result` VARCHAR(16) NOT NULL,
    `did` VARCHAR(32) NULL,
    `dial_strings` TEXT NOT NULL,
    `rule` VARCHAR(160) NULL,
    `reason` VARCHAR(32) NULL,
    `config_version` INTEGER NOT NULL,
    `decision_us` INTEGER NOT NULL,

    INDEX `decision_log_created_at_idx`(`created_at`),
    INDEX `decision_log_agent_id_idx`(`agent`, `id`),
    INDEX `decision_log_did_id_idx`(`did`, `id`),
    INDEX `decision_log_result_id_idx`(`result`, `id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `users` ADD CONSTRAINT `users_callerid_fkey` FOREIGN KEY (`callerid`) REFERENCES `dids`(`number`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `prefix_rules` ADD CONSTRAINT `prefix_rules_did_number_fkey` FOREIGN KEY (`did_number`) REFERENCES `dids`(`number`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `agent_allowed_prefixes` ADD CONSTRAINT `agent_allowed_prefixes_agent_id_fkey` FOREIGN KEY (`agent_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `agent_allowed_prefixes` ADD CONSTRAINT `agent_allowed_prefixes_prefix_rule_id_fkey` FOREIGN KEY (`prefix_rule_id`) REFERENCES `prefix_rules`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `prefix_rule_agents` ADD CONSTRAINT `prefix_rule_agents_prefix_rule_id_fkey` FOREIGN KEY (`prefix_rule_id`) REFERENCES `prefix_rules`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `prefix_rule_agents` ADD CONSTRAINT `prefix_rule_agents_agent_id_fkey` FOREIGN KEY (`agent_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `outbound_routes` ADD CONSTRAINT `outbound_routes_caller_id_did_fkey` FOREIGN KEY (`caller_id_did`) REFERENCES `dids`(`number`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `outbound_route_trunks` ADD CONSTRAINT `outbound_route_trunks_route_id_fkey` FOREIGN KEY (`route_id`) REFERENCES `outbound_routes`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `outbound_route_trunks` ADD CONSTRAINT `outbound_route_trunks_trunk_id_fkey` FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `settings` ADD CONSTRAINT `settings_default_did_fkey` FOREIGN KEY (`default_did`) REFERENCES `dids`(`number`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- Seed the single-row tables
INSERT INTO `settings` (`id`, `country_code`, `national_prefix`, `international_prefix`, `default_did`, `emergency_numbers`, `updated_at`)
VALUES (1, '', '0', '00', NULL, '[]', CURRENT_TIMESTAMP(3));
INSERT INTO `config_version` (`id`, `version`) VALUES (1, 1);
