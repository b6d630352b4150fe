"""bibliography"""
