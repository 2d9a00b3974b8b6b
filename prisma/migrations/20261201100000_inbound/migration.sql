-- CreateTable
CREATE TABLE `schedules` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(64) NOT NULL,
    `time_zone` VARCHAR(64) NOT NULL,
    `weekly` JSON NOT NULL,
    `exceptions` JSON NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `schedules_name_key`(`name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `inbound_routes` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(64) NOT NULL,
    `did` VARCHAR(64) NOT NULL,
    `caller` VARCHAR(64) NULL,
    `schedule_name` VARCHAR(64) NULL,
    `destination` VARCHAR(255) NOT NULL,
    `closed_destination` VARCHAR(255) NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `inbound_routes_name_key`(`name`),
    INDEX `inbound_routes_schedule_name_idx`(`schedule_name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ivr_menus` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(64) NOT NULL,
    `language` VARCHAR(16) NOT NULL DEFAULT 'en',
    `greeting` JSON NOT NULL,
    `prompts` JSON NOT NULL,
    `digit_timeout_ms` INTEGER NOT NULL DEFAULT 5000,
    `inter_digit_timeout_ms` INTEGER NOT NULL DEFAULT 2000,
    `max_retries` INTEGER NOT NULL DEFAULT 2,
    `invalid_prompt` VARCHAR(255) NULL,
    `timeout_prompt` VARCHAR(255) NULL,
    `invalid_destination` VARCHAR(255) NOT NULL,
    `timeout_destination` VARCHAR(255) NOT NULL,
    `options` JSON NOT NULL,
    `direct_dial` BOOLEAN NOT NULL DEFAULT false,
    `barge_in` BOOLEAN NOT NULL DEFAULT true,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `ivr_menus_name_key`(`name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ivr_paths` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `created_at` DATETIME(3) NOT NULL,
    `unique_id` VARCHAR(64) NOT NULL,
    `channel` VARCHAR(128) NOT NULL,
    `menu` VARCHAR(64) NOT NULL,
    `config_version` INTEGER NOT NULL,
    `steps` TEXT NOT NULL,
    `outcome` VARCHAR(32) NOT NULL,
    `destination` VARCHAR(255) NULL,

    INDEX `ivr_paths_created_at_idx`(`created_at`),
    INDEX `ivr_paths_unique_id_idx`(`unique_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `inbound_routes` ADD CONSTRAINT `inbound_routes_schedule_name_fkey` FOREIGN KEY (`schedule_name`) REFERENCES `schedules`(`name`) ON DELETE RESTRICT ON UPDATE CASCADE;
