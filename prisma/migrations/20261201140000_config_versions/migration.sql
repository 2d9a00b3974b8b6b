-- CreateTable
CREATE TABLE `config_history` (
    `version` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `author` VARCHAR(64) NOT NULL,
    `summary` TEXT NOT NULL,
    `document` MEDIUMTEXT NOT NULL,

    INDEX `config_history_author_version_idx`(`author`, `version`),
    PRIMARY KEY (`version`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `config_history_entities` (
    `version` INTEGER NOT NULL,
    `kind` VARCHAR(16) NOT NULL,
    `name` VARCHAR(64) NOT NULL,

    INDEX `config_history_entities_kind_name_version_idx`(`kind`, `name`, `version`),
    PRIMARY KEY (`version`, `kind`, `name`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `config_history_entities` ADD CONSTRAINT `config_history_entities_version_fkey` FOREIGN KEY (`version`) REFERENCES `config_history`(`version`) ON DELETE CASCADE ON UPDATE CASCADE;
