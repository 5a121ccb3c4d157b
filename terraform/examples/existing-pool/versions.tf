terraform {
  # 1.6: the import block below takes its id from a variable (1.5 accepts only a literal there).
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}

provider "aws" {
  region = var.region
}
