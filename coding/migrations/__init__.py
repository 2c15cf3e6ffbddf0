"""coding/migrations"""
